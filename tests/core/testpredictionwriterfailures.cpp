#include "common/dataerror.h"
#include "inference/predictionwriter.h"
#include "testdata.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <random>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#include <sys/stat.h>
#endif

using namespace deepterra;
using deepterra::test::dataErrorCause;

// The PredictionWriter's refusals and failures (issue 18): a failed write, as on a full disk, is an
// error naming the file and leaves nothing behind; an output that is the input or a special file is
// refused before any file is created. Its normal output is TestPredictionWriter's.
class TestPredictionWriterFailures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fullDiskIsAnErrorAndLeavesNoFile();
    void outputThatIsTheInputIsRefused();
    void specialFileOutputIsRefused();

private:
    QTemporaryDir m_dir;
};

namespace {

constexpr int kSize = 512;

RasterGrid testGrid()
{
    RasterGrid grid;
    grid.width = kSize;
    grid.height = kSize;
    grid.geoTransform = GeoTransform::fromOriginAndPixelSize(500000.0, 9100000.0, 30.0, -30.0);
    return grid;
}

ClassTable testClasses()
{
    ClassTable classes;
    for (int value : { 1, 2, 3 }) {
        ClassEntry entry;
        entry.value = value;
        entry.name = QStringLiteral("class %1").arg(value);
        classes.entries.push_back(entry);
    }
    return classes;
}

// Noise for probabilities: DEFLATE cannot shrink it, so the files really grow past the limit.
PredictionStrip noisyStrip(int firstRow, int rows, std::mt19937 &random)
{
    PredictionStrip strip;
    strip.firstRow = firstRow;
    strip.rows = rows;
    strip.width = kSize;
    strip.planes = 3;
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    strip.values.resize(std::size_t(3 * rows * kSize));
    for (float &v : strip.values)
        v = uniform(random);
    strip.valid.assign(std::size_t(rows * kSize), 1);
    return strip;
}

QByteArray checksum(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace

void TestPredictionWriterFailures::fullDiskIsAnErrorAndLeavesNoFile()
{
#ifdef Q_OS_UNIX
    // A full disk without root: a file-size limit makes write(2) fail (EFBIG) as ENOSPC would, at
    // the same place (libtiff's write of a block or of the directory).
    PredictionRequest request;
    request.input = m_dir.filePath(QStringLiteral("scene.tif"));
    request.output = m_dir.filePath(QStringLiteral("full-map.tif"));
    request.probabilities = m_dir.filePath(QStringLiteral("full-p.tif"));
    rlimit previous {};
    QVERIFY(getrlimit(RLIMIT_FSIZE, &previous) == 0);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN); // else the kernel kills the process
    rlimit limited = previous;
    limited.rlim_cur = 256 * 1024;
    QVERIFY(setrlimit(RLIMIT_FSIZE, &limited) == 0);
    QString named;
    const QString cause = dataErrorCause(
        [&] {
            std::mt19937 random(7);
            PredictionWriter writer(testGrid(), testClasses(), request);
            for (int row = 0; row < kSize; row += 64)
                writer.write(noisyStrip(row, 64, random));
            writer.finish();
        },
        &named);
    setrlimit(RLIMIT_FSIZE, &previous);
    std::signal(SIGXFSZ, previousHandler);

    QVERIFY2(cause.contains(QStringLiteral("could not write")), qPrintable(cause));
    QVERIFY2(cause.contains(QStringLiteral("File too large")), qPrintable(cause));
    QCOMPARE(named, request.probabilities);
    QVERIFY2(!QFile::exists(request.output), "a class map was left after a failed prediction");
    QVERIFY2(!QFile::exists(request.probabilities), "a truncated probabilities file was left");
    const QStringList partial = QDir(m_dir.path()).entryList({ QStringLiteral("full-*") });
    QVERIFY2(partial.isEmpty(), qPrintable(partial.join(QLatin1Char(' '))));
#else
    QSKIP("file-size limits are a Unix test");
#endif
}

void TestPredictionWriterFailures::outputThatIsTheInputIsRefused()
{
    PredictionRequest request;
    request.input = deepterra::test::writeRaster(m_dir.filePath(QStringLiteral("input.tif")), {},
                                                 std::vector<double>(12, 1.0));
    const QByteArray before = checksum(request.input);
    QVERIFY(!before.isEmpty());
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(m_dir.path()));
    request.output = QStringLiteral("map.tif");
    request.confidence = QStringLiteral("./input.tif");
    QString named;
    const QString cause
        = dataErrorCause([&] { PredictionWriter writer(testGrid(), testClasses(), request); }, &named);
    QDir::setCurrent(previous);
    QVERIFY2(cause.contains(QStringLiteral("same file as the input")), qPrintable(cause));
    QCOMPARE(named, QStringLiteral("./input.tif"));
    QCOMPARE(checksum(request.input), before);
    // Refused before anything was created.
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("map.tif.partial"))));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("map.tif"))));
}

void TestPredictionWriterFailures::specialFileOutputIsRefused()
{
#ifdef Q_OS_UNIX
    PredictionRequest request;
    request.input = m_dir.filePath(QStringLiteral("scene.tif"));
    request.output = QStringLiteral("/dev/null");
    const QString cause
        = dataErrorCause([&] { PredictionWriter writer(testGrid(), testClasses(), request); });
    QVERIFY2(cause.contains(QStringLiteral("not a regular file")), qPrintable(cause));
    struct stat status;
    QVERIFY(::stat("/dev/null", &status) == 0);
    QVERIFY(S_ISCHR(status.st_mode));
#else
    QSKIP("device files are a Unix test");
#endif
}

QTEST_GUILESS_MAIN(TestPredictionWriterFailures)
#include "testpredictionwriterfailures.moc"
