// deepterra-cli report on runs trained on the samples, as a user would: a segmentation of the
// Olinda scene with its predicted map, and a CO2 forecaster. The PDF's text must hold the figures
// of metrics.json, its pages must be the pages the command reports, and the HTML must need
// nothing outside itself.
#include "clirun.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace deepterra;

namespace {

// What pdftotext reads from the PDF: the text a reader can select and search.
QString pdfText(const QString &pdf)
{
    QProcess process;
    process.start(QStringLiteral("pdftotext"), { QStringLiteral("-layout"), pdf, QStringLiteral("-") });
    process.waitForFinished(60000);
    return QString::fromUtf8(process.readAllStandardOutput());
}

// Pages pdftoppm renders (one PNG each, at a low resolution).
int renderedPages(const QString &pdf, const QString &folder)
{
    QProcess process;
    process.start(QStringLiteral("pdftoppm"),
                  { QStringLiteral("-r"), QStringLiteral("20"), QStringLiteral("-png"), pdf,
                    QDir(folder).filePath(QStringLiteral("page")) });
    process.waitForFinished(120000);
    return int(QDir(folder).entryList({ QStringLiteral("page*.png") }).size());
}

QJsonObject metricsOf(const QString &run)
{
    QFile file(QDir(run).filePath(QStringLiteral("metrics.json")));
    file.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("metrics")).toObject();
}

int reportedPages(const QString &out)
{
    const QRegularExpressionMatch match = QRegularExpression(QStringLiteral("\\((\\d+) pages\\)")).match(out);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

} // namespace

class TestCliReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void segmentationReportHoldsTheRunsFigures();
    void htmlNeedsNothingOutsideItself();
    void letterPagesAndAreaEstimates();
    void forecastingReport();
    void autoencoderReport();
    void badRunsAndPathsGetAClearMessage();

private:
    test::CliResult run(const QStringList &arguments) { return test::runCli(m_dir.path(), arguments); }

    QTemporaryDir m_dir;
    QString m_segmentation;
    QString m_map;
};

void TestCliReport::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
        QFAIL("pdftotext (poppler-utils) is missing: scripts/install-deps.sh --test installs it");
    const QString image = test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    QStringList init = test::olindaSegmentationInit(QStringLiteral("olinda.deepterra"), image);
    init << QStringLiteral("--patch") << QStringLiteral("32") << QStringLiteral("--stride")
         << QStringLiteral("32") << QStringLiteral("--epochs") << QStringLiteral("3")
         << QStringLiteral("--batch") << QStringLiteral("8") << QStringLiteral("--test")
         << QStringLiteral("0.15");
    const test::CliResult created = run(init);
    QVERIFY2(created.exitCode == 0, qPrintable(created.err));
    const test::CliResult trained
        = run({ QStringLiteral("train"), QStringLiteral("olinda.deepterra"), QStringLiteral("--threads"),
                QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("seg") });
    QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
    m_segmentation = m_dir.filePath(QStringLiteral("seg"));
    const test::CliResult predicted
        = run({ QStringLiteral("predict"), m_segmentation, QStringLiteral("--input"), image,
                QStringLiteral("--output"), QStringLiteral("olinda-classes.tif"),
                QStringLiteral("--confidence"), QStringLiteral("olinda-confidence.tif") });
    QVERIFY2(predicted.exitCode == 0, qPrintable(predicted.err));
    // Named as the app names a prediction: the report finds the confidence beside the map.
    m_map = m_dir.filePath(QStringLiteral("olinda-classes.tif"));
    QVERIFY(QFileInfo::exists(QDir(m_segmentation).filePath(QStringLiteral("split.gpkg"))));
}

void TestCliReport::segmentationReportHoldsTheRunsFigures()
{
    const test::CliResult report = run({ QStringLiteral("report"), m_segmentation, QStringLiteral("--map"),
                                         m_map, QStringLiteral("--output"), QStringLiteral("seg.pdf") });
    QVERIFY2(report.exitCode == 0, qPrintable(report.err));
    const QString pdf = m_dir.filePath(QStringLiteral("seg.pdf"));
    const QString text = pdfText(pdf);
    const QJsonObject metrics = metricsOf(m_segmentation);
    QVERIFY(metrics.size() >= 5);
    for (auto it = metrics.begin(); it != metrics.end(); ++it) {
        QVERIFY2(text.contains(it.key()), qPrintable(it.key()));
        const QString value = QString::number(it.value().toDouble(), 'f', 4);
        QVERIFY2(text.contains(value), qPrintable(it.key() + QStringLiteral(" = ") + value));
    }
    for (const char *part :
         { "Confusion matrix", "Per class", "Training settings", "SHA-256", "deepterra-cli train", "not a",
           "Kappa", "LibTorch", "split.gpkg", "How sure the model is", "olinda-confidence.tif" })
        QVERIFY2(text.contains(QLatin1String(part)), part);
    const QDir pages(m_dir.filePath(QStringLiteral("seg-pages")));
    QVERIFY(QDir().mkpath(pages.path()));
    const int count = reportedPages(report.out);
    QVERIFY2(count >= 5, qPrintable(report.out));
    QCOMPARE(renderedPages(pdf, pages.path()), count);
}

void TestCliReport::htmlNeedsNothingOutsideItself()
{
    const test::CliResult report = run({ QStringLiteral("report"), m_segmentation, QStringLiteral("--map"),
                                         m_map, QStringLiteral("--output"), QStringLiteral("seg.html") });
    QVERIFY2(report.exitCode == 0, qPrintable(report.err));
    QFile file(m_dir.filePath(QStringLiteral("seg.html")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString html = QString::fromUtf8(file.readAll());
    QVERIFY(!html.contains(QLatin1String("http:")) && !html.contains(QLatin1String("https:")));
    QVERIFY(!html.contains(QLatin1String("file:")));
    const QRegularExpression source(QStringLiteral("src=\"([^\"]*)\""));
    int images = 0;
    for (auto it = source.globalMatch(html); it.hasNext(); ++images)
        QVERIFY2(it.next().captured(1).startsWith(QLatin1String("data:image/png;base64,")),
                 "an image outside the file");
    QVERIFY2(images >= 5, qPrintable(QString::number(images))); // loss, metric, split, map, confidence
    QVERIFY(!html.contains(QLatin1String("figure:")));
    // The class table says how the split shared each class's pixels, the held-out test side too.
    QFile config(QDir(m_segmentation).filePath(QStringLiteral("config.json")));
    QVERIFY(config.open(QIODevice::ReadOnly));
    const QJsonObject data
        = QJsonDocument::fromJson(config.readAll()).object().value(QStringLiteral("data")).toObject();
    QVERIFY(html.contains(QLatin1String("\">test</th>")));
    for (const char *side : { "trainingPixelsPerClass", "validationPixelsPerClass", "testPixelsPerClass" }) {
        const QJsonObject counts = data.value(QLatin1String(side)).toObject();
        QVERIFY2(!counts.isEmpty(), side);
        for (auto it = counts.begin(); it != counts.end(); ++it)
            QVERIFY2(html.contains(QStringLiteral("<td>%1</td>").arg(it.value().toInt())),
                     qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(side), it.key())));
    }
    QVERIFY(html.contains(
        QString::number(metricsOf(m_segmentation).value(QStringLiteral("val_mean_iou")).toDouble(), 'f', 4)));
}

void TestCliReport::letterPagesAndAreaEstimates()
{
    // Reference points drawn from the map and labelled as the map says (a perfect map for them):
    // the report holds the stratified estimates, not the indicative ones.
    const test::CliResult sampled
        = run({ QStringLiteral("sample-points"), m_map, QStringLiteral("--output"),
                QStringLiteral("points.geojson"), QStringLiteral("--min-per-class"), QStringLiteral("5"),
                QStringLiteral("--target-se"), QStringLiteral("0.05") });
    QVERIFY2(sampled.exitCode == 0, qPrintable(sampled.err));
    QFile points(m_dir.filePath(QStringLiteral("points.geojson")));
    QVERIFY(points.open(QIODevice::ReadOnly));
    QJsonObject collection = QJsonDocument::fromJson(points.readAll()).object();
    points.close();
    QJsonArray features = collection.value(QStringLiteral("features")).toArray();
    for (int i = 0; i < features.size(); ++i) {
        QJsonObject feature = features.at(i).toObject();
        QJsonObject properties = feature.value(QStringLiteral("properties")).toObject();
        properties.insert(QStringLiteral("reference"),
                          QString::number(properties.value(QStringLiteral("map_value")).toInt()));
        feature.insert(QStringLiteral("properties"), properties);
        features.replace(i, feature);
    }
    collection.insert(QStringLiteral("features"), features);
    QVERIFY(points.open(QIODevice::WriteOnly | QIODevice::Truncate));
    points.write(QJsonDocument(collection).toJson());
    points.close();

    const test::CliResult report
        = run({ QStringLiteral("report"), m_segmentation, QStringLiteral("--map"), m_map,
                QStringLiteral("--reference"), QStringLiteral("points.geojson"), QStringLiteral("--page"),
                QStringLiteral("letter"), QStringLiteral("--output"), QStringLiteral("letter.pdf") });
    QVERIFY2(report.exitCode == 0, qPrintable(report.err));
    const QString text = pdfText(m_dir.filePath(QStringLiteral("letter.pdf")));
    QVERIFY2(text.contains(QLatin1String("Stratified estimates")), qPrintable(text.left(2000)));
    QVERIFY(text.contains(QStringLiteral("from %1 reference points").arg(features.size())));
    QVERIFY(text.contains(QLatin1String("Overall accuracy 1.000")));
    QProcess info;
    info.start(QStringLiteral("pdfinfo"), { m_dir.filePath(QStringLiteral("letter.pdf")) });
    info.waitForFinished(30000);
    QVERIFY2(
        QString::fromUtf8(info.readAllStandardOutput()).contains(QLatin1String("612 x 792 pts (letter)")),
        "not Letter paper");
}

void TestCliReport::forecastingReport()
{
    const test::CliResult created = run(
        { QStringLiteral("init"), QStringLiteral("co2.deepterra"), QStringLiteral("--task"),
          QStringLiteral("forecasting"), QStringLiteral("--series"),
          test::samplePath(QStringLiteral("datasets/co2/co2.csv")), QStringLiteral("--target"),
          QStringLiteral("co2"), QStringLiteral("--lookback"), QStringLiteral("26"),
          QStringLiteral("--horizon"), QStringLiteral("4"), QStringLiteral("--epochs"), QStringLiteral("2"),
          QStringLiteral("--batch"), QStringLiteral("64"), QStringLiteral("--test"), QStringLiteral("0.1") });
    QVERIFY2(created.exitCode == 0, qPrintable(created.err));
    const test::CliResult trained
        = run({ QStringLiteral("train"), QStringLiteral("co2.deepterra"), QStringLiteral("--threads"),
                QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("co2-run") });
    QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
    const QString run = m_dir.filePath(QStringLiteral("co2-run"));
    for (const char *output : { "co2.pdf", "co2.html" }) {
        const test::CliResult report
            = this->run({ QStringLiteral("report"), run, QStringLiteral("--output"), QLatin1String(output) });
        QVERIFY2(report.exitCode == 0, qPrintable(report.err));
    }
    const QString text = pdfText(m_dir.filePath(QStringLiteral("co2.pdf")));
    const QJsonObject metrics = metricsOf(run);
    for (const char *key : { "val_rmse", "val_nse", "val_skill_persistence", "val_skill_climatology" })
        QVERIFY2(text.contains(QString::number(metrics.value(QLatin1String(key)).toDouble(), 'f', 4)), key);
    for (const char *part :
         { "against the baselines", "persistence", "climatology", "autoregressive", "Test split" })
        QVERIFY2(text.contains(QLatin1String(part)), part);
}

void TestCliReport::autoencoderReport()
{
    const test::CliResult created = run(
        { QStringLiteral("init"), QStringLiteral("ae.deepterra"), QStringLiteral("--task"),
          QStringLiteral("series-autoencoder"), QStringLiteral("--series"),
          test::samplePath(QStringLiteral("datasets/co2/co2.csv")), QStringLiteral("--target"),
          QStringLiteral("co2"), QStringLiteral("--lookback"), QStringLiteral("26"),
          QStringLiteral("--epochs"), QStringLiteral("2"), QStringLiteral("--batch"), QStringLiteral("64") });
    QVERIFY2(created.exitCode == 0, qPrintable(created.err));
    const test::CliResult trained
        = run({ QStringLiteral("train"), QStringLiteral("ae.deepterra"), QStringLiteral("--threads"),
                QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("ae-run") });
    QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
    const test::CliResult report = run({ QStringLiteral("report"), m_dir.filePath(QStringLiteral("ae-run")),
                                         QStringLiteral("--output"), QStringLiteral("ae.pdf") });
    QVERIFY2(report.exitCode == 0, qPrintable(report.err));
    const QString text = pdfText(m_dir.filePath(QStringLiteral("ae.pdf")));
    const double threshold = metricsOf(m_dir.filePath(QStringLiteral("ae-run")))
                                 .value(QStringLiteral("val_anomaly_threshold"))
                                 .toDouble();
    QVERIFY(threshold > 0.0);
    QVERIFY2(text.contains(QStringLiteral("Anomaly threshold %1").arg(QString::number(threshold, 'f', 6))),
             qPrintable(text));
    QVERIFY(text.contains(QLatin1String("Validation reconstruction errors")));
}

void TestCliReport::badRunsAndPathsGetAClearMessage()
{
    // A run folder whose metrics.json is missing, then corrupt.
    const QString broken = m_dir.filePath(QStringLiteral("broken"));
    QVERIFY(QDir().mkpath(broken));
    QVERIFY(QFile::copy(QDir(m_segmentation).filePath(QStringLiteral("config.json")),
                        QDir(broken).filePath(QStringLiteral("config.json"))));
    test::CliResult r
        = run({ QStringLiteral("report"), broken, QStringLiteral("--output"), QStringLiteral("b.pdf") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("metrics.json")) && r.err.contains(QLatin1String("not found")),
             qPrintable(r.err));
    QFile corrupt(QDir(broken).filePath(QStringLiteral("metrics.json")));
    QVERIFY(corrupt.open(QIODevice::WriteOnly));
    corrupt.write("{\"metrics\": {\"val_loss\": 0.3");
    corrupt.close();
    r = run({ QStringLiteral("report"), broken, QStringLiteral("--output"), QStringLiteral("b.pdf") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("is not a metrics file")), qPrintable(r.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("b.pdf"))));

    r = run({ QStringLiteral("report"), m_dir.filePath(QStringLiteral("nowhere")), QStringLiteral("--output"),
              QStringLiteral("n.html") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("nowhere")), qPrintable(r.err));

    r = run({ QStringLiteral("report"), m_segmentation, QStringLiteral("--output"),
              QStringLiteral("/proc/deepterra/r.pdf") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("/proc/deepterra")), qPrintable(r.err));

    // A confidence map the user names must exist and be a raster.
    QFile notRaster(m_dir.filePath(QStringLiteral("confidence.tif")));
    QVERIFY(notRaster.open(QIODevice::WriteOnly));
    notRaster.write("not a raster");
    notRaster.close();
    r = run({ QStringLiteral("report"), m_segmentation, QStringLiteral("--map"), m_map,
              QStringLiteral("--confidence"), QStringLiteral("confidence.tif"), QStringLiteral("--output"),
              QStringLiteral("c.html") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("confidence.tif")), qPrintable(r.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("c.html"))));

    r = run(
        { QStringLiteral("report"), m_segmentation, QStringLiteral("--output"), QStringLiteral("r.docx") });
    QCOMPARE(r.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCliReport)
#include "testclireport.moc"
