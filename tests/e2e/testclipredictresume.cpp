#include "clirun.h"
#include "testdata.h"

#include "geodata/rasterdataset.h"
#include "inference/predictionresumestate.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <gdal.h>

#include <vector>

using namespace deepterra;

// Issue 18, "runs that survive": `deepterra-cli predict` killed with SIGKILL three times, at about a
// fifth, a half and three quarters of a 3072 x 3072 mosaic of the Landsat sample, goes on each
// time with --resume and ends with the maps of an uninterrupted prediction, pixel for pixel.
class TestCliPredictResume : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killedPredictionResumesToTheUninterruptedMaps();

private:
    QStringList predictArguments(const QString &name) const;
    QTemporaryDir m_dir;
    QString m_mosaic;
};

namespace {

constexpr int kSize = 3072;

// The Landsat scene repeated to kSize x kSize, six Byte bands, tiled as a user's GeoTIFF would be.
QString writeMosaic(const QString &scenePath, const QString &path)
{
    GDALAllRegister();
    const RasterDataset scene = RasterDataset::open(scenePath);
    const int w = scene.width();
    const int h = scene.height();
    const RasterBuffer pixels = scene.readWindow(QRect(0, 0, w, h));
    const char *options[] = { "TILED=YES", "COMPRESS=DEFLATE", nullptr };
    GDALDatasetH out = GDALCreate(GDALGetDriverByName("GTiff"), path.toUtf8().constData(), kSize, kSize, 6,
                                  GDT_Byte, const_cast<char **>(options));
    if (!out)
        return {};
    GDALDatasetH source = GDALOpen(scenePath.toUtf8().constData(), GA_ReadOnly);
    double transform[6];
    GDALGetGeoTransform(source, transform);
    GDALSetGeoTransform(out, transform);
    GDALSetProjection(out, GDALGetProjectionRef(source));
    GDALClose(source);
    std::vector<unsigned char> row(kSize);
    bool ok = true;
    for (int b = 0; b < 6; ++b)
        for (int y = 0; y < kSize; ++y) {
            for (int x = 0; x < kSize; ++x)
                row[std::size_t(x)]
                    = static_cast<unsigned char>(pixels.values[pixels.offset(b, x % w, y % h)]);
            ok = ok
                && GDALRasterIO(GDALGetRasterBand(out, b + 1), GF_Write, 0, y, kSize, 1, row.data(), kSize, 1,
                                GDT_Byte, 0, 0)
                    == CE_None;
        }
    GDALClose(out);
    return ok ? path : QString();
}

double shareWritten(const QString &output)
{
    PredictionResumeState state;
    QString problem;
    return PredictionResumeState::load(PredictionResumeState::pathFor(output), &state, &problem)
        ? state.shareDone
        : 0.0;
}

} // namespace

void TestCliPredictResume::initTestCase()
{
    const QString image = test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    if (image.isEmpty())
        QSKIP("the samples are missing: run scripts/fetch-samples.sh");
    QVERIFY(m_dir.isValid());
    const test::CliResult init = test::runCli(
        m_dir.path(),
        test::olindaSegmentationInit(QStringLiteral("olinda.deepterra"), image)
            + QStringList { QStringLiteral("--patch"), QStringLiteral("32"), QStringLiteral("--stride"),
                            QStringLiteral("32"), QStringLiteral("--epochs"), QStringLiteral("1"),
                            QStringLiteral("--batch"), QStringLiteral("16"), QStringLiteral("--seed"),
                            QStringLiteral("5") });
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
    const test::CliResult train
        = test::runCli(m_dir.path(),
                       { QStringLiteral("train"), QStringLiteral("olinda.deepterra"), QStringLiteral("--out"),
                         QStringLiteral("run"), QStringLiteral("--threads"), QStringLiteral("2") });
    QVERIFY2(train.exitCode == 0, qPrintable(train.err + train.out));
    m_mosaic = writeMosaic(image, m_dir.filePath(QStringLiteral("mosaic.tif")));
    QVERIFY(!m_mosaic.isEmpty());
}

QStringList TestCliPredictResume::predictArguments(const QString &name) const
{
    return { QStringLiteral("predict"),         QStringLiteral("run"),
             QStringLiteral("--input"),         m_mosaic,
             QStringLiteral("--output"),        m_dir.filePath(name + QStringLiteral("-classes.tif")),
             QStringLiteral("--probabilities"), m_dir.filePath(name + QStringLiteral("-probabilities.tif")),
             QStringLiteral("--confidence"),    m_dir.filePath(name + QStringLiteral("-confidence.tif")),
             QStringLiteral("--threads"),       QStringLiteral("2") };
}

void TestCliPredictResume::killedPredictionResumesToTheUninterruptedMaps()
{
    QElapsedTimer clock;
    clock.start();
    const test::CliResult reference
        = test::runCli(m_dir.path(), predictArguments(QStringLiteral("reference")));
    QVERIFY2(reference.exitCode == 0, qPrintable(reference.err));
    const double referenceSeconds = double(clock.elapsed()) / 1000.0;

    const QString output = m_dir.filePath(QStringLiteral("killed-classes.tif"));
    QStringList arguments = predictArguments(QStringLiteral("killed"));
    arguments << QStringLiteral("--checkpoint-every") << QStringLiteral("0");
    double lastShare = 0.0;
    for (const double aim : { 0.2, 0.5, 0.75 }) {
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral(DEEPTERRA_CLI_PATH),
                      lastShare > 0.0 ? arguments + QStringList { QStringLiteral("--resume") } : arguments);
        QVERIFY(process.waitForStarted());
        clock.restart();
        while (shareWritten(output) < aim) {
            QVERIFY2(process.state() == QProcess::Running,
                     qPrintable(QStringLiteral("the prediction ended before %1 % of it was written:\n%2")
                                    .arg(100.0 * aim)
                                    .arg(QString::fromUtf8(process.readAll()))));
            QVERIFY2(clock.elapsed() < 240000, "no progress within four minutes");
            QThread::msleep(5);
        }
        process.kill(); // SIGKILL: no handler runs, the files stay as the kill found them
        QVERIFY(process.waitForFinished());
        const QString printed = QString::fromUtf8(process.readAll());
        if (lastShare > 0.0)
            QVERIFY2(printed.contains(QStringLiteral("resuming the interrupted prediction")),
                     qPrintable(printed));
        const double share = shareWritten(output);
        QVERIFY2(share > lastShare, qPrintable(QStringLiteral("%1 after %2").arg(share).arg(lastShare)));
        qInfo("killed at %.0f %% written (aimed at %.0f %%)", 100.0 * share, 100.0 * aim);
        lastShare = share;
        QVERIFY(!QFileInfo::exists(output));
    }
    clock.restart();
    const test::CliResult last
        = test::runCli(m_dir.path(), arguments + QStringList { QStringLiteral("--resume") });
    QVERIFY2(last.exitCode == 0, qPrintable(last.err));
    const double lastSeconds = double(clock.elapsed()) / 1000.0;
    QVERIFY2(last.err.contains(QStringLiteral("resuming the interrupted prediction")), qPrintable(last.err));
    qInfo("the uninterrupted prediction took %.1f s; the last resumed one, %.0f %% of the work left, %.1f s",
          referenceSeconds, 100.0 * (1.0 - lastShare), lastSeconds);
    QVERIFY(!QFileInfo::exists(PredictionResumeState::pathFor(output)));
    for (const QString &kind :
         { QStringLiteral("classes"), QStringLiteral("probabilities"), QStringLiteral("confidence") }) {
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("killed-%1.tif.partial").arg(kind))));
        const QString difference
            = test::firstRasterDifference(m_dir.filePath(QStringLiteral("reference-%1.tif").arg(kind)),
                                          m_dir.filePath(QStringLiteral("killed-%1.tif").arg(kind)));
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }
}

QTEST_GUILESS_MAIN(TestCliPredictResume)
#include "testclipredictresume.moc"
