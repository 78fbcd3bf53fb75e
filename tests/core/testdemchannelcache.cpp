#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "labels/rasterwarper.h"
#include "terrain/demprocessor.h"
#include "testdata.h"
#include "training/demchannelcache.h"
#include "training/rasterstackreader.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>
#include <random>

using namespace deepterra;

namespace {

// The DEM: 60x50 pixels of 90 m from (497000, 9122000) in EPSG:32725 (x 497000..502400,
// y 9117500..9122000). Rough terrain (waves, a ramp and noise) so that every derivative varies from
// pixel to pixel, a flat square (aspect 0, slope 0) and a NoData hole, both inside the images below.
constexpr int kDemWidth = 60;
constexpr int kDemHeight = 50;
const QRect kFlat(36, 30, 8, 6);
const QRect kHole(30, 24, 3, 2);

QString writeDem(const QString &folder)
{
    test::RasterSpec spec;
    spec.width = kDemWidth;
    spec.height = kDemHeight;
    spec.pixelSize = 90.0;
    spec.originX = 497000.0;
    spec.originY = 9122000.0;
    spec.hasNoData = true;
    spec.noData = -9999.0;
    std::mt19937 random(17);
    std::uniform_real_distribution<double> noise(-3.0, 3.0);
    std::vector<double> values;
    for (int y = 0; y < kDemHeight; ++y)
        for (int x = 0; x < kDemWidth; ++x) {
            const double terrain
                = 150.0 + 40.0 * std::sin(x / 6.0) * std::cos(y / 4.5) + 0.8 * x + noise(random);
            values.push_back(kHole.contains(x, y) ? -9999.0 : kFlat.contains(x, y) ? 170.0 : terrain);
        }
    return test::writeRaster(QDir(folder).filePath(QStringLiteral("dem.tif")), spec, values);
}

// A constant one-band image; only its grid matters.
QString writeImage(const QString &path, int width, int height, double originX, double originY, double pixel,
                   const QString &crs)
{
    test::RasterSpec spec;
    spec.width = width;
    spec.height = height;
    spec.originX = originX;
    spec.originY = originY;
    spec.pixelSize = pixel;
    spec.crs = crs;
    return test::writeRaster(path, spec, std::vector<double>(std::size_t(width) * std::size_t(height), 1.0));
}

const QStringList kAllChannels { QStringLiteral("elevation"), QStringLiteral("slope"),
                                 QStringLiteral("aspect"),    QStringLiteral("hillshade"),
                                 QStringLiteral("roughness"), QStringLiteral("tri"),
                                 QStringLiteral("tpi") };

} // namespace

class TestDemChannelCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void windowsEqualTheWholeDemsDerivatives_data();
    void windowsEqualTheWholeDemsDerivatives();
    void cutDerivativesEqualTheWholeDemsInside();
    void derivativesAreComputedOnce();
    void demWindowIsTheAreaPlusAMargin();
    void unknownChannelNamesTheDem();

private:
    QTemporaryDir m_dir;
    QString m_dem;
};

void TestDemChannelCache::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dem = writeDem(m_dir.path());
    QVERIFY(!m_dem.isEmpty());
}

void TestDemChannelCache::windowsEqualTheWholeDemsDerivatives_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<bool>("cut"); // whether the cache computes less than the whole DEM
    QTest::addColumn<bool>("beyondDem"); // whether part of the image lies beyond the DEM

    const QString utm25 = QStringLiteral("EPSG:32725");
    // 30 m pixels, 22 DEM pixels from the DEM's west edge and 10 from its south edge.
    QTest::newRow("finer than the DEM")
        << writeImage(m_dir.filePath(QStringLiteral("fine.tif")), 80, 70, 499000, 9120500, 30, utm25) << true
        << false;
    // 200 m pixels: GDAL widens its bilinear kernel to 2.2 DEM pixels.
    QTest::newRow("coarser than the DEM")
        << writeImage(m_dir.filePath(QStringLiteral("coarse.tif")), 12, 10, 498500, 9121000, 200, utm25)
        << true << false;
    // 400 m pixels: the kernel spans 4.4 DEM pixels each way, more than the 2.2 that the outermost
    // pixel centres lie inside the area.
    QTest::newRow("much coarser than the DEM")
        << writeImage(m_dir.filePath(QStringLiteral("coarser.tif")), 6, 4, 498500, 9120600, 400, utm25)
        << true << false;
    // x 501500..503300: the eastern third lies beyond the DEM (which ends at 502400).
    QTest::newRow("beyond the DEM's edge")
        << writeImage(m_dir.filePath(QStringLiteral("beyond.tif")), 60, 40, 501500, 9119000, 30, utm25)
        << true << true;
    // UTM 24S, far from its central meridian: the DEM's grid is rotated by 0.8 degrees and scaled
    // there (gdaltransform puts the DEM's corners at x 1159378..1164873, y 9112634..9117237).
    QTest::newRow("another CRS") << writeImage(m_dir.filePath(QStringLiteral("utm24.tif")), 80, 70, 1160800,
                                               9116400, 30, QStringLiteral("EPSG:32724"))
                                 << true << false;
}

void TestDemChannelCache::windowsEqualTheWholeDemsDerivatives()
{
    QFETCH(QString, image);
    QFETCH(bool, cut);
    QFETCH(bool, beyondDem);
    QVERIFY(!image.isEmpty());
    const RasterGrid grid = RasterGrid::of(RasterDataset::open(image).info());

    // The expected values are what RasterStackReader computed before the cache existed: each
    // derivative computed by DemProcessor on the whole DEM (flat aspect 0), then warped onto the
    // window, bilinear except aspect (nearest).
    QTemporaryDir whole;
    QVERIFY(whole.isValid());
    DemDerivativeOptions options;
    options.zeroForFlat = true;
    for (const QString &name : kAllChannels.mid(1))
        DemProcessor::compute(m_dem, *DemProcessor::fromName(name),
                              QDir(whole.path()).filePath(name + ".tif"), options);
    const auto expected = [&](const QString &channel, const QRect &window) {
        const QString path
            = channel == QLatin1String("elevation") ? m_dem : QDir(whole.path()).filePath(channel + ".tif");
        return RasterWarper::warpToGrid(path, RasterStackReader::windowGrid(grid, window), { 1 },
                                        channel == QLatin1String("aspect") ? Resampling::Nearest
                                                                           : Resampling::Bilinear);
    };

    RasterStackSource source;
    source.imagePath = image;
    source.demPath = m_dem;
    source.demChannels = kAllChannels;
    source.allowWindowsBeyondDem = true;
    source.demCache = std::make_shared<const DemChannelCache>(m_dem, kAllChannels, grid,
                                                              QRect(0, 0, grid.width, grid.height));
    QCOMPARE(source.demCache->demWindow() != QRect(0, 0, kDemWidth, kDemHeight), cut);

    // Strips as a prediction reads them, and windows at the area's corners, where the cut is
    // closest.
    const int w = grid.width;
    const int h = grid.height;
    const QList<QRect> windows { QRect(0, 0, w, h),     QRect(0, 0, w, 3),        QRect(0, h / 2, w, 4),
                                 QRect(0, h - 3, w, 3), QRect(0, 0, 2, 2),        QRect(w - 2, h - 2, 2, 2),
                                 QRect(w - 2, 0, 2, h), QRect(0, h - 1, w / 2, 1) };
    std::size_t compared = 0;
    std::size_t invalid = 0;
    for (const QRect &strip : windows) {
        const QRect window = strip.intersected(QRect(0, 0, w, h)); // the smallest image is 6x4
        const RasterStack stack = RasterStackReader::read(source, grid, window);
        QCOMPARE(stack.channels, kAllChannels);
        for (int c = 0; c < kAllChannels.size(); ++c) {
            const RasterBuffer reference = expected(kAllChannels[c], window);
            for (int y = 0; y < window.height(); ++y)
                for (int x = 0; x < window.width(); ++x) {
                    const std::size_t i = stack.offset(c, x, y);
                    const bool valid = stack.valid[i] != 0;
                    QVERIFY2(valid == reference.isValid(0, x, y),
                             qPrintable(QStringLiteral("%1: validity differs at %2,%3 of window %4,%5")
                                            .arg(kAllChannels[c])
                                            .arg(x)
                                            .arg(y)
                                            .arg(window.x())
                                            .arg(window.y())));
                    if (!valid) {
                        ++invalid;
                        continue;
                    }
                    const float want = reference.value(0, x, y);
                    // Equal up to float rounding: the cut's geotransform moves the sampled
                    // positions by whole pixels, which could change the last bits of the weights
                    // (with GDAL 3.6 the values are identical).
                    QVERIFY2(std::abs(stack.values[i] - want) <= 1e-4f * std::max(1.0f, std::abs(want)),
                             qPrintable(QStringLiteral("%1: %2 instead of %3 at %4,%5 of window %6,%7")
                                            .arg(kAllChannels[c])
                                            .arg(stack.values[i])
                                            .arg(want)
                                            .arg(x)
                                            .arg(y)
                                            .arg(window.x())
                                            .arg(window.y())));
                    ++compared;
                }
        }
    }
    qInfo("%zu values compared, %zu NoData in both, DEM window %d,%d %dx%d", compared, invalid,
          source.demCache->demWindow().x(), source.demCache->demWindow().y(),
          source.demCache->demWindow().width(), source.demCache->demWindow().height());
    QVERIFY(compared > 500);
    // Beyond the DEM, every channel is NoData in both.
    if (beyondDem)
        QVERIFY(invalid > 1000);
}

void TestDemChannelCache::cutDerivativesEqualTheWholeDemsInside()
{
    // The derivative of the cut equals the whole DEM's bit for bit except on the cut's outermost
    // pixels, which gdaldem computes from the pixels inside (-compute_edges): the margin exists to
    // keep the warps away from them. The whole DEM's slope comes from DemProcessor directly.
    const QString image = writeImage(m_dir.filePath(QStringLiteral("inside.tif")), 80, 70, 499000, 9120500,
                                     30, QStringLiteral("EPSG:32725"));
    const RasterGrid grid = RasterGrid::of(RasterDataset::open(image).info());
    const DemChannelCache cache(m_dem, { QStringLiteral("slope") }, grid, QRect(0, 0, 80, 70));
    const QRect cut = cache.demWindow();
    QVERIFY(QRect(0, 0, kDemWidth, kDemHeight).contains(cut) && cut != QRect(0, 0, kDemWidth, kDemHeight));
    const QString wholeSlope = m_dir.filePath(QStringLiteral("whole-slope.tif"));
    DemProcessor::compute(m_dem, DemDerivative::Slope, wholeSlope);
    const RasterDataset cutRaster = RasterDataset::open(cache.rasterPath(QStringLiteral("slope")));
    QCOMPARE(cutRaster.width(), cut.width());
    QCOMPARE(cutRaster.height(), cut.height());
    const RasterBuffer mine = cutRaster.readWindow(QRect(0, 0, cut.width(), cut.height()));
    const RasterBuffer theirs = RasterDataset::open(wholeSlope).readWindow(cut);
    int edgeDifferences = 0;
    for (int y = 0; y < cut.height(); ++y)
        for (int x = 0; x < cut.width(); ++x) {
            const bool edge = x == 0 || y == 0 || x == cut.width() - 1 || y == cut.height() - 1;
            QCOMPARE(mine.isValid(0, x, y), theirs.isValid(0, x, y));
            if (!edge)
                QCOMPARE(mine.value(0, x, y), theirs.value(0, x, y));
            else
                edgeDifferences += mine.value(0, x, y) != theirs.value(0, x, y) ? 1 : 0;
        }
    // Proof that the edge effect exists, so that the margin is needed (rough terrain: the
    // extrapolated edges differ from the real neighbours' result almost everywhere).
    QVERIFY2(edgeDifferences > cut.width(), qPrintable(QString::number(edgeDifferences)));
}

void TestDemChannelCache::derivativesAreComputedOnce()
{
    const QString image = writeImage(m_dir.filePath(QStringLiteral("once.tif")), 80, 70, 499000, 9120500, 30,
                                     QStringLiteral("EPSG:32725"));
    const RasterGrid grid = RasterGrid::of(RasterDataset::open(image).info());
    const QStringList channels { QStringLiteral("elevation"), QStringLiteral("slope"),
                                 QStringLiteral("aspect"), QStringLiteral("tpi") };
    const int before = DemChannelCache::derivativesComputed();
    auto cache = std::make_shared<const DemChannelCache>(m_dem, channels, grid, QRect(0, 0, 80, 70));
    QCOMPARE(DemChannelCache::derivativesComputed() - before, 3); // elevation is the DEM itself
    QCOMPARE(cache->rasterPath(QStringLiteral("elevation")), m_dem);
    const QString slope = cache->rasterPath(QStringLiteral("slope"));
    QVERIFY(QFileInfo::exists(slope));
    QCOMPARE(cache->resampling(QStringLiteral("aspect")), Resampling::Nearest);
    QCOMPARE(cache->resampling(QStringLiteral("tpi")), Resampling::Bilinear);
    const QDateTime written = QFileInfo(slope).lastModified();

    // Ten strips read through the cache compute nothing more.
    RasterStackSource source;
    source.imagePath = image;
    source.demPath = m_dem;
    source.demChannels = channels;
    source.demCache = cache;
    for (int row = 0; row < 70; row += 7)
        QCOMPARE(RasterStackReader::read(source, grid, QRect(0, row, 80, 7)).channels, channels);
    QCOMPARE(DemChannelCache::derivativesComputed() - before, 3);
    QCOMPARE(QFileInfo(slope).lastModified(), written);

    // Without a cache every read computes its own (training reads its window once).
    source.demCache.reset();
    RasterStackReader::read(source, grid, QRect(0, 0, 80, 7));
    QCOMPARE(DemChannelCache::derivativesComputed() - before, 6);

    // The derivatives live as long as the cache.
    cache.reset();
    QVERIFY(!QFileInfo::exists(slope));
}

void TestDemChannelCache::demWindowIsTheAreaPlusAMargin()
{
    // Area: image pixels (40, 35) to (80, 70) of 30 m from (499000, 9120500), i.e. x 500200..501400,
    // y 9118400..9119450, which is DEM pixels x 35.56..48.89 and y 28.33..40 (90 m from
    // (497000, 9122000)). Image pixels are finer than the DEM's: the margin is 2 * 1 + 4 = 6
    // pixels, so x floor(29.56) = 29 to ceil(54.89) = 55 and y floor(22.33) = 22 to 46.
    const RasterGrid grid
        = RasterGrid::of(RasterDataset::open(writeImage(m_dir.filePath(QStringLiteral("margin.tif")), 80, 70,
                                                        499000, 9120500, 30, QStringLiteral("EPSG:32725")))
                             .info());
    const DemChannelCache cache(m_dem, { QStringLiteral("roughness") }, grid, QRect(40, 35, 40, 35));
    QCOMPARE(cache.demWindow(), QRect(29, 22, 26, 24));
    QVERIFY(cache.serves(grid, QRect(40, 35, 40, 35)));
    QVERIFY(cache.serves(grid, QRect(50, 60, 5, 5)));
    QVERIFY(!cache.serves(grid, QRect(39, 35, 10, 10)));

    // An area reaching past the DEM on every side gets the whole DEM.
    const RasterGrid wide
        = RasterGrid::of(RasterDataset::open(writeImage(m_dir.filePath(QStringLiteral("wide.tif")), 40, 40,
                                                        490000, 9130000, 500, QStringLiteral("EPSG:32725")))
                             .info());
    const DemChannelCache all(m_dem, { QStringLiteral("roughness") }, wide, QRect(0, 0, 40, 40));
    QCOMPARE(all.demWindow(), QRect(0, 0, kDemWidth, kDemHeight));
}

void TestDemChannelCache::unknownChannelNamesTheDem()
{
    const int before = DemChannelCache::derivativesComputed();
    QString at;
    const QString cause = test::dataErrorCause(
        [&] {
            DemChannelCache(m_dem, { QStringLiteral("slope"), QStringLiteral("curvature") }, test::utmGrid(),
                            QRect(0, 0, 10, 10));
        },
        &at);
    QCOMPARE(at, m_dem);
    QVERIFY2(
        cause.startsWith(QStringLiteral("unknown DEM channel \"curvature\" (expected elevation, hillshade")),
        qPrintable(cause));
    // Checked before any derivative is computed.
    QCOMPARE(DemChannelCache::derivativesComputed(), before);
}

QTEST_GUILESS_MAIN(TestDemChannelCache)
#include "testdemchannelcache.moc"
