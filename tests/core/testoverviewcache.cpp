#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"
#include "render/overviewcache.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>

#include <cmath>
#include <unistd.h>

using namespace deepterra;

namespace {
// 1200 x 800 Float32, tiled 256: overview levels 2, 4 and 8 (600, 300 and the first under 256, 150).
constexpr int kWidth = 1200;
constexpr int kHeight = 800;

QString writeSource(const QString &path, double phase = 0.0)
{
    GDALAllRegister();
    const char *options[] = { "TILED=YES", "COMPRESS=DEFLATE", nullptr };
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.toUtf8().constData(), kWidth, kHeight, 1,
                                 GDT_Float32, const_cast<char **>(options));
    if (!ds)
        return {};
    double transform[6] = { 500000.0, 30.0, 0.0, 9120000.0, 0.0, -30.0 };
    GDALSetGeoTransform(ds, transform);
    std::vector<float> values(std::size_t(kWidth) * kHeight);
    for (int row = 0; row < kHeight; ++row)
        for (int column = 0; column < kWidth; ++column)
            values[std::size_t(row) * kWidth + std::size_t(column)]
                = float(100.0 * std::sin(column / 37.0 + phase) * std::cos(row / 23.0) + column * 0.01);
    const bool written = GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, 0, kWidth, kHeight,
                                      values.data(), kWidth, kHeight, GDT_Float32, 0, 0)
        == CE_None;
    GDALClose(ds);
    return written ? path : QString();
}

// The whole band averaged down to width x height: through overviews when the dataset has them,
// else by GDAL's resampling of the full-resolution pixels.
std::vector<float> averagedRead(const QString &path, int width, int height)
{
    GDALDatasetH ds = GDALOpen(path.toUtf8().constData(), GA_ReadOnly);
    std::vector<float> values(std::size_t(width) * std::size_t(height));
    GDALRasterIOExtraArg extra;
    INIT_RASTERIO_EXTRA_ARG(extra);
    extra.eResampleAlg = GRIORA_Average;
    const CPLErr result = GDALRasterIOEx(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, kWidth, kHeight,
                                         values.data(), width, height, GDT_Float32, 0, 0, &extra);
    GDALClose(ds);
    return result == CE_None ? values : std::vector<float>();
}

int overviewCount(const QString &path)
{
    GDALDatasetH ds = GDALOpen(path.toUtf8().constData(), GA_ReadOnly);
    const int count = ds ? GDALGetOverviewCount(GDALGetRasterBand(ds, 1)) : -1;
    if (ds)
        GDALClose(ds);
    return count;
}
} // namespace

class TestOverviewCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void onlyLargeRastersWithoutOverviewsNeedThem();
    void keyFollowsTheFile();
    void buildWritesOverviewsThatMatchGdalsOwnDecimation();
    void secondBuildReusesTheEntry();
    void cancelledBuildLeavesNothing();
    void unwritableFolderIsAClearError();
    void readOnlyFolderIsAClearError();
    void unreadableSourceIsNamed();

private:
    QTemporaryDir m_dir;
    QString m_source;
};

void TestOverviewCache::initTestCase()
{
    m_source = writeSource(m_dir.filePath(QStringLiteral("source.tif")));
    QVERIFY(!m_source.isEmpty());
}

void TestOverviewCache::onlyLargeRastersWithoutOverviewsNeedThem()
{
    RasterInfo info;
    info.width = 5000;
    info.height = 300;
    info.bands.resize(2);
    QVERIFY(OverviewCache::needsOverviews(info));
    info.bands[1].overviewCount = 3; // one band with overviews: the raster has its own
    QVERIFY(!OverviewCache::needsOverviews(info));
    info.bands[1].overviewCount = 0;
    info.width = OverviewCache::kMinimumEdge;
    QVERIFY(!OverviewCache::needsOverviews(info));
    // The real thing: GDAL reports no overviews for the fixture, which is too small anyway.
    QVERIFY(!OverviewCache::needsOverviews(RasterDataset::open(m_source).info()));
}

void TestOverviewCache::keyFollowsTheFile()
{
    const OverviewCache cache(m_dir.filePath(QStringLiteral("keys")));
    const QString path = m_dir.filePath(QStringLiteral("keyed.tif"));
    QVERIFY(QFile::copy(m_source, path));
    const QString key = cache.key(path, Resampling::Average);
    QCOMPARE(key.size(), 40); // SHA-1 in hex
    QCOMPARE(cache.key(path, Resampling::Average), key);
    QVERIFY(cache.key(path, Resampling::Nearest) != key);

    // Same size, other modification time: a file edited in place.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    const QDateTime later = file.fileTime(QFileDevice::FileModificationTime).addSecs(60);
    QVERIFY(file.setFileTime(later, QFileDevice::FileModificationTime));
    file.close();
    const QString touched = cache.key(path, Resampling::Average);
    QVERIFY(touched != key);

    // Other content, other size.
    QVERIFY(QFile::remove(path));
    QVERIFY(!writeSource(path, 1.0).isEmpty());
    QVERIFY(QFile::resize(path, QFileInfo(path).size() + 7));
    QVERIFY(cache.key(path, Resampling::Average) != touched);
    QVERIFY(cache.key(path, Resampling::Average) != key);

    // Another path for the same bytes; no file at all; a GDAL connection string.
    QVERIFY(cache.key(m_source, Resampling::Average) != cache.key(path, Resampling::Average));
    QVERIFY(cache.key(m_dir.filePath(QStringLiteral("missing.tif")), Resampling::Average).isEmpty());
    QVERIFY(cache.key(QStringLiteral("NETCDF:\"%1\":tp").arg(m_source), Resampling::Average).isEmpty());
}

void TestOverviewCache::buildWritesOverviewsThatMatchGdalsOwnDecimation()
{
    const QString folder = m_dir.filePath(QStringLiteral("cache/overviews"));
    const OverviewCache cache(folder);
    QVERIFY(cache.find(m_source, Resampling::Average).isEmpty());
    Feedback feedback;
    QSignalSpy progress(&feedback, &Feedback::progressChanged);
    const QString vrt = cache.build(m_source, Resampling::Average, &feedback);
    QCOMPARE(vrt, QDir(folder).filePath(cache.key(m_source, Resampling::Average) + QStringLiteral(".vrt")));
    QVERIFY(QFileInfo::exists(vrt + QStringLiteral(".ovr")));
    QCOMPARE(cache.find(m_source, Resampling::Average), vrt);
    QVERIFY(progress.count() >= 3);
    QCOMPARE(feedback.progress(), 100.0);
    // Only the entry: no partial files, nothing written beside the source.
    QCOMPARE(QDir(folder).entryList(QDir::Files).size(), 2);
    QCOMPARE(QDir(m_dir.path()).entryList({ QStringLiteral("source.tif*") }, QDir::Files).size(), 1);

    // The VRT shows the source's pixels and carries levels 2, 4 and 8.
    QCOMPARE(overviewCount(vrt), 3);
    QCOMPARE(averagedRead(vrt, kWidth, kHeight), averagedRead(m_source, kWidth, kHeight));
    // Decimated reads through the cache take the overviews; GDAL's own decimated read averages
    // the full-resolution pixels on the fly. Both average the same 2 x 2, 4 x 4 and 8 x 8 pixels;
    // the overviews average averages, in Float32: they agree to its rounding.
    for (int factor : { 2, 4, 8 }) {
        const std::vector<float> cached = averagedRead(vrt, kWidth / factor, kHeight / factor);
        const std::vector<float> direct = averagedRead(m_source, kWidth / factor, kHeight / factor);
        QCOMPARE(cached.size(), direct.size());
        QVERIFY(!cached.empty());
        double largest = 0;
        for (std::size_t i = 0; i < cached.size(); ++i)
            largest = std::max(largest, double(std::abs(cached[i] - direct[i])));
        QVERIFY2(largest < 1e-3, qPrintable(QStringLiteral("factor %1: %2").arg(factor).arg(largest)));
    }
}

void TestOverviewCache::secondBuildReusesTheEntry()
{
    const OverviewCache cache(m_dir.filePath(QStringLiteral("reuse")));
    const QString vrt = cache.build(m_source, Resampling::Nearest);
    const QDateTime built = QFileInfo(vrt + QStringLiteral(".ovr")).lastModified();
    QTest::qWait(20);
    QCOMPARE(cache.build(m_source, Resampling::Nearest), vrt);
    QCOMPARE(QFileInfo(vrt + QStringLiteral(".ovr")).lastModified(), built);
    // Another instance on the same folder, as the next session would have, finds it too.
    QCOMPARE(OverviewCache(m_dir.filePath(QStringLiteral("reuse"))).find(m_source, Resampling::Nearest), vrt);
}

void TestOverviewCache::cancelledBuildLeavesNothing()
{
    const QString folder = m_dir.filePath(QStringLiteral("cancelled"));
    Feedback feedback;
    feedback.cancel();
    bool canceled = false;
    try {
        OverviewCache(folder).build(m_source, Resampling::Average, &feedback);
    } catch (const JobCanceled &) {
        canceled = true;
    }
    QVERIFY(canceled);
    QVERIFY(QDir(folder).entryList(QDir::Files).isEmpty());
    QVERIFY(OverviewCache(folder).find(m_source, Resampling::Average).isEmpty());
}

void TestOverviewCache::unwritableFolderIsAClearError()
{
    // A folder that cannot exist: its parent is a file.
    const QString blocker = m_dir.filePath(QStringLiteral("blocker"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const QString folder = blocker + QStringLiteral("/overviews");
    const OverviewCache cache(folder);
    QString path;
    QCOMPARE(test::dataErrorCause([&] { cache.build(m_source, Resampling::Average); }, &path),
             QStringLiteral("cannot create the overview cache folder"));
    QCOMPARE(path, folder);
    QVERIFY(cache.find(m_source, Resampling::Average).isEmpty());
    // No folder configured at all (no cache location on this system).
    QCOMPARE(test::dataErrorCause([&] { OverviewCache(QString()).build(m_source, Resampling::Average); }),
             QStringLiteral("cannot create the overview cache folder"));
}

void TestOverviewCache::readOnlyFolderIsAClearError()
{
    if (geteuid() == 0)
        QSKIP("root writes into read-only folders: this needs an ordinary user");
    const QString folder = m_dir.filePath(QStringLiteral("readonly"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    const QString cause
        = test::dataErrorCause([&] { OverviewCache(folder).build(m_source, Resampling::Average); });
    QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QVERIFY2(cause.startsWith(QStringLiteral("cannot write the overviews of source.tif here: ")),
             qPrintable(cause));
    QVERIFY(QDir(folder).entryList(QDir::Files).isEmpty());
}

void TestOverviewCache::unreadableSourceIsNamed()
{
    const QString path = m_dir.filePath(QStringLiteral("notes.tif"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a raster");
    file.close();
    QString errorPath;
    const QString cause = test::dataErrorCause(
        [&] { OverviewCache(m_dir.filePath(QStringLiteral("unreadable"))).build(path, Resampling::Average); },
        &errorPath);
    QVERIFY(!cause.isEmpty());
    QCOMPARE(QFileInfo(errorPath).fileName(), QStringLiteral("notes.tif"));
    QVERIFY(QDir(m_dir.filePath(QStringLiteral("unreadable"))).entryList(QDir::Files).isEmpty());
}

QTEST_GUILESS_MAIN(TestOverviewCache)
#include "testoverviewcache.moc"
