#include "clirun.h"
#include "importancerunfixture.h"

#include "geodata/rasterdataset.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

// deepterra-cli explain on a patch-classification run where band 1 decides the class and band 2
// is noise (importancerunfixture.h): the table ranks band 1 first and metrics.json gets the block.
class TestCliExplain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void explainsTheNewestRun();
    void runSeedAndRepeatsAreHonoured();
    void explainsTheClassAtAPoint();
    void badUsageIsOneClearLine();

private:
    QJsonObject block() const;

    QTemporaryDir m_dir;
    QString m_run;
    QString m_signal;
    QString m_noise;
};

QJsonObject TestCliExplain::block() const
{
    QFile file(QDir(m_run).filePath(QStringLiteral("metrics.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll())
        .object()
        .value(QStringLiteral("permutation_importance"))
        .toObject();
}

void TestCliExplain::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_run = test::trainSignalNoiseClassRun(m_dir.path(), &error);
    QVERIFY2(!m_run.isEmpty(), qPrintable(error));
    QFile config(QDir(m_run).filePath(QStringLiteral("config.json")));
    QVERIFY(config.open(QIODevice::ReadOnly));
    const QJsonArray channels
        = QJsonDocument::fromJson(config.readAll()).object().value(QStringLiteral("inputChannels")).toArray();
    QCOMPARE(channels.size(), 2);
    m_signal = channels.at(0).toString();
    m_noise = channels.at(1).toString();
}

void TestCliExplain::explainsTheNewestRun()
{
    const test::CliResult r
        = test::runCli(m_dir.path(),
                       { QStringLiteral("explain"), QStringLiteral("signal-noise.deepterra"),
                         QStringLiteral("--repeats"), QStringLiteral("3") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("val_accuracy")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Wrote the importances to")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("metrics.json")));
    // The table: a header row, then the inputs, most important first, each with "± std".
    const QStringList lines = r.out.split(QLatin1Char('\n'));
    const qsizetype header = lines.indexOf(QRegularExpression(QStringLiteral("^input\\s+drop\\s+± std$")));
    QVERIFY2(header >= 0, qPrintable(r.out));
    QVERIFY2(lines.at(header + 1).startsWith(m_signal + QLatin1Char(' ')), qPrintable(r.out));
    QVERIFY2(lines.at(header + 2).startsWith(m_noise + QLatin1Char(' ')), qPrintable(r.out));
    QVERIFY(lines.at(header + 1).contains(QStringLiteral("± ")));

    const QJsonObject written = block();
    QCOMPARE(written.value(QStringLiteral("repeats")).toInt(), 3);
    QCOMPARE(written.value(QStringLiteral("inputs"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("name"))
                 .toString(),
             m_signal);
}

void TestCliExplain::runSeedAndRepeatsAreHonoured()
{
    const test::CliResult r
        = test::runCli(m_dir.path(),
                       { QStringLiteral("explain"), QStringLiteral("signal-noise.deepterra"),
                         QStringLiteral("--run"), QStringLiteral("signal-noise"), QStringLiteral("--repeats"),
                         QStringLiteral("2"), QStringLiteral("--seed"), QStringLiteral("99") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("seed 99")));
    const QJsonObject written = block();
    QCOMPARE(written.value(QStringLiteral("repeats")).toInt(), 2);
    QCOMPARE(written.value(QStringLiteral("seed")).toInt(), 99);
}

void TestCliExplain::explainsTheClassAtAPoint()
{
    QFile config(QDir(m_run).filePath(QStringLiteral("config.json")));
    QVERIFY(config.open(QIODevice::ReadOnly));
    const QString image = QJsonDocument::fromJson(config.readAll())
                              .object()
                              .value(QStringLiteral("data"))
                              .toObject()
                              .value(QStringLiteral("image"))
                              .toString();
    const RasterInfo info = RasterDataset::open(image).info();
    const QPointF centre = info.geoTransform.pixelToMap(QPointF(info.width / 2 + 0.5, info.height / 2 + 0.5));
    const QString at = QStringLiteral("%1,%2").arg(centre.x(), 0, 'f', 2).arg(centre.y(), 0, 'f', 2);
    const test::CliResult r
        = test::runCli(m_dir.path(),
                       { QStringLiteral("explain"), QStringLiteral("signal-noise.deepterra"),
                         QStringLiteral("--at"), at, QStringLiteral("--steps"), QStringLiteral("16") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(
        r.out.startsWith(QStringLiteral("Pixel %1, %2: class ").arg(info.width / 2).arg(info.height / 2)),
        qPrintable(r.out));
    // The signal band carries more of the attribution than the noise band.
    const auto share = [&](const QString &channel) {
        const QRegularExpression line(
            QStringLiteral("\\n  %1\\s+([0-9.]+) %").arg(QRegularExpression::escape(channel)));
        return line.match(r.out).captured(1).toDouble();
    };
    QVERIFY2(share(m_signal) > share(m_noise), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("Completeness error")));
    QVERIFY(QFile::exists(QDir(m_run).filePath(QStringLiteral("saliency/")
                                               + QString(at).replace(QLatin1Char(','), QLatin1Char('_'))
                                               + QStringLiteral(".tif"))));

    const test::CliResult bad
        = test::runCli(m_dir.path(),
                       { QStringLiteral("explain"), QStringLiteral("signal-noise.deepterra"),
                         QStringLiteral("--at"), QStringLiteral("east") });
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(QStringLiteral("X,Y")), qPrintable(bad.err));
    const test::CliResult outside
        = test::runCli(m_dir.path(),
                       { QStringLiteral("explain"), QStringLiteral("signal-noise.deepterra"),
                         QStringLiteral("--at"), QStringLiteral("0,0") });
    QCOMPARE(outside.exitCode, 1);
    QVERIFY2(outside.err.contains(QStringLiteral("outside the raster")), qPrintable(outside.err));
}

void TestCliExplain::badUsageIsOneClearLine()
{
    const test::CliResult zero
        = test::runCli(m_dir.path(),
                       { QStringLiteral("explain"), QStringLiteral("signal-noise.deepterra"),
                         QStringLiteral("--repeats"), QStringLiteral("0") });
    QCOMPARE(zero.exitCode, 2);
    const test::CliResult missing
        = test::runCli(m_dir.path(),
                       { QStringLiteral("explain"), QStringLiteral("signal-noise.deepterra"),
                         QStringLiteral("--run"), QStringLiteral("no-such-run") });
    QCOMPARE(missing.exitCode, 1);
    QCOMPARE(missing.err.count(QLatin1Char('\n')), 1);
    QVERIFY2(missing.err.contains(QStringLiteral("no-such-run")), qPrintable(missing.err));
}

QTEST_GUILESS_MAIN(TestCliExplain)
#include "testcliexplain.moc"
