#include "clirun.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

// Issue 19, cluster-ready prediction, as a batch job runs it: `deepterra-cli predict --part I/N`
// once per part (in any order, each into its own files, as a Slurm array's tasks would), then
// `deepterra-cli mosaic` into a VRT beside the parts' folder and into a GeoTIFF: both equal the map of
// one `predict` of the whole raster, pixel for pixel. Wrong parts are one clear line.
class TestCliPredictParts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void partsJoinIntoTheWholeMap();
    void badPartsAreOneClearLine();

private:
    test::CliResult run(const QStringList &arguments) const { return test::runCli(m_dir.path(), arguments); }
    QStringList predict(const QString &output, const QStringList &extra = {}) const;
    QTemporaryDir m_dir;
    QString m_image;
};

void TestCliPredictParts::initTestCase()
{
    m_image = test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    if (m_image.isEmpty())
        QSKIP("the samples are missing: run scripts/fetch-samples.sh");
    QVERIFY(m_dir.isValid());
    const test::CliResult init
        = run(test::olindaSegmentationInit(QStringLiteral("olinda.deepterra"), m_image)
              + QStringList { QStringLiteral("--patch"), QStringLiteral("32"), QStringLiteral("--stride"),
                              QStringLiteral("32"), QStringLiteral("--epochs"), QStringLiteral("1"),
                              QStringLiteral("--batch"), QStringLiteral("16") });
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
    const test::CliResult train
        = run({ QStringLiteral("train"), QStringLiteral("olinda.deepterra"), QStringLiteral("--out"),
                QStringLiteral("run"), QStringLiteral("--threads"), QStringLiteral("2") });
    QVERIFY2(train.exitCode == 0, qPrintable(train.err + train.out));
    QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("parts")));
}

QStringList TestCliPredictParts::predict(const QString &output, const QStringList &extra) const
{
    // Tiles of 128 with batches of 3: batches straddle tile rows and the parts' edge at row 256.
    return QStringList { QStringLiteral("predict"),   QStringLiteral("run"),
                         QStringLiteral("--input"),   m_image,
                         QStringLiteral("--output"),  output,
                         QStringLiteral("--tile"),    QStringLiteral("128"),
                         QStringLiteral("--batch"),   QStringLiteral("3"),
                         QStringLiteral("--threads"), QStringLiteral("2") }
    + extra;
}

void TestCliPredictParts::partsJoinIntoTheWholeMap()
{
    const test::CliResult whole = run(predict(QStringLiteral("whole.tif")));
    QVERIFY2(whole.exitCode == 0, qPrintable(whole.err));
    for (const QString &part : { QStringLiteral("2/2"), QStringLiteral("1/2") }) {
        const QString output = QStringLiteral("parts/map-%1.tif").arg(part.left(1));
        const test::CliResult r = run(predict(output, { QStringLiteral("--part"), part }));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("Predicting part %1").arg(part)), qPrintable(r.err));
    }
    for (const QString &joined : { QStringLiteral("joined.vrt"), QStringLiteral("joined.tif") }) {
        const test::CliResult r
            = run({ QStringLiteral("mosaic"), QStringLiteral("parts/map-2.tif"),
                    QStringLiteral("parts/map-1.tif"), QStringLiteral("--output"), joined });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("Wrote ") + joined));
        const QString difference = test::firstRasterDifference(m_dir.filePath(QStringLiteral("whole.tif")),
                                                               m_dir.filePath(joined));
        QVERIFY2(difference.isEmpty(), qPrintable(joined + QStringLiteral(": ") + difference));
    }
    // The VRT finds its parts relative to itself: the folder can move as a whole.
    QFile vrt(m_dir.filePath(QStringLiteral("joined.vrt")));
    QVERIFY(vrt.open(QIODevice::ReadOnly));
    const QByteArray text = vrt.readAll();
    QVERIFY2(text.contains("relativeToVRT=\"1\">parts/map-1.tif"), text.constData());
    // A VRT in another folder names parts outside its own by absolute path, and reads them.
    QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("elsewhere")));
    const test::CliResult elsewhere = run({ QStringLiteral("mosaic"), QStringLiteral("parts/map-1.tif"),
                                            QStringLiteral("parts/map-2.tif"), QStringLiteral("--output"),
                                            QStringLiteral("elsewhere/joined.vrt") });
    QVERIFY2(elsewhere.exitCode == 0, qPrintable(elsewhere.err));
    const QString difference = test::firstRasterDifference(
        m_dir.filePath(QStringLiteral("whole.tif")), m_dir.filePath(QStringLiteral("elsewhere/joined.vrt")));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestCliPredictParts::badPartsAreOneClearLine()
{
    const test::CliResult pastTheCount
        = run(predict(QStringLiteral("x.tif"), { QStringLiteral("--part"), QStringLiteral("3/2") }));
    QCOMPARE(pastTheCount.exitCode, 2);
    QVERIFY2(pastTheCount.err.contains(QStringLiteral("--part: part 3 of 2 does not exist")),
             qPrintable(pastTheCount.err));
    // 352 rows are two rows of 256-pixel blocks.
    const test::CliResult tooMany
        = run(predict(QStringLiteral("x.tif"), { QStringLiteral("--part"), QStringLiteral("1/3") }));
    QCOMPARE(tooMany.exitCode, 1);
    QVERIFY2(tooMany.err.contains(m_image) && tooMany.err.contains(QStringLiteral("at most 2")),
             qPrintable(tooMany.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("x.tif"))));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("x.tif.partial"))));

    const test::CliResult first = run(
        predict(QStringLiteral("parts/only-1.tif"), { QStringLiteral("--part"), QStringLiteral("1/2") }));
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    const test::CliResult missing = run({ QStringLiteral("mosaic"), QStringLiteral("parts/only-1.tif"),
                                          QStringLiteral("--output"), QStringLiteral("incomplete.tif") });
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains(QStringLiteral("incomplete.tif: part 2/2 is missing")),
             qPrintable(missing.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("incomplete.tif"))));
    const test::CliResult usage = run({ QStringLiteral("mosaic"), QStringLiteral("parts/only-1.tif") });
    QCOMPARE(usage.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCliPredictParts)
#include "testclipredictparts.moc"
