#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "render/maprasterreader.h"
#include "render/sparseblockreader.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <functional>
#include <set>

using namespace deepterra;

namespace {
// 1024 x 768 pixels of 30 m in UTM 25S, tiled 32 x 32: 32 x 24 = 768 blocks.
constexpr int kWidth = 1024;
constexpr int kHeight = 768;
constexpr int kTile = 32;
constexpr double kOriginX = 500000.0;
constexpr double kOriginY = 9120000.0;
constexpr double kPixel = 30.0;
constexpr int kBudget = 64;
// Each pixel's value says where it lies: column + kRowFactor * row, exact in Float32 (< 2^24).
constexpr double kRowFactor = 2000.0;

double valueAt(int column, int row)
{
    return column + kRowFactor * row;
}

QPoint pixelOf(float value)
{
    const int row = int(std::floor(value / kRowFactor));
    return QPoint(int(value - kRowFactor * row), row);
}

QString writeTiled(const QString &path, const std::function<double(int, int)> &value, bool noData = false)
{
    GDALAllRegister();
    const QByteArray tile = "BLOCKXSIZE=" + QByteArray::number(kTile);
    const QByteArray tileY = "BLOCKYSIZE=" + QByteArray::number(kTile);
    const char *options[] = { "TILED=YES", tile.constData(), tileY.constData(), "COMPRESS=DEFLATE", nullptr };
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.toUtf8().constData(), kWidth, kHeight, 1,
                                 GDT_Float32, const_cast<char **>(options));
    if (!ds)
        return {};
    double transform[6] = { kOriginX, kPixel, 0.0, kOriginY, 0.0, -kPixel };
    GDALSetGeoTransform(ds, transform);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRSetFromUserInput(srs, "EPSG:32725");
    GDALSetSpatialRef(ds, srs);
    OSRDestroySpatialReference(srs);
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    if (noData)
        GDALSetRasterNoDataValue(band, -9999.0);
    std::vector<float> values(std::size_t(kWidth) * kHeight);
    for (int row = 0; row < kHeight; ++row)
        for (int column = 0; column < kWidth; ++column)
            values[std::size_t(row) * kWidth + std::size_t(column)] = float(value(column, row));
    const bool written = GDALRasterIO(band, GF_Write, 0, 0, kWidth, kHeight, values.data(), kWidth, kHeight,
                                      GDT_Float32, 0, 0)
        == CE_None;
    GDALClose(ds);
    return written ? path : QString();
}

RasterGrid utmGrid(double originX, double originY, double pixel, int width, int height)
{
    RasterGrid grid;
    grid.width = width;
    grid.height = height;
    grid.geoTransform = GeoTransform::fromOriginAndPixelSize(originX, originY, pixel, pixel);
    grid.crs = CrsInfo::fromUserInput(QStringLiteral("EPSG:32725"));
    return grid;
}

// The whole raster on a 256 x 192 grid: 4 x 4 source pixels per target pixel.
RasterGrid wholeRaster()
{
    return utmGrid(kOriginX, kOriginY, kPixel * 4, kWidth / 4, kHeight / 4);
}

// Where the centre of target pixel (i, j) of a north-up UTM grid falls in the raster, in pixels.
QPointF sourceOf(const RasterGrid &grid, int i, int j)
{
    const auto &t = grid.geoTransform.coefficients();
    return QPointF((t[0] + (i + 0.5) * t[1] - kOriginX) / kPixel,
                   (kOriginY - (t[3] + (j + 0.5) * t[5])) / kPixel);
}

// The largest gap between neighbouring values of a sorted set: the lattice's spacing.
int largestGap(const std::set<int> &values)
{
    int gap = 0;
    for (auto it = values.begin(); it != values.end() && std::next(it) != values.end(); ++it)
        gap = std::max(gap, *std::next(it) - *it);
    return gap;
}

SparseReadOptions blocks(int count)
{
    SparseReadOptions budget;
    budget.blocks = count;
    return budget;
}

bool sameBuffers(const RasterBuffer &a, const RasterBuffer &b)
{
    return a.width == b.width && a.height == b.height && a.values == b.values && a.valid == b.valid;
}
} // namespace

class TestSparseBlockReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void wholeRasterIsSampledWithinTheBlockBudget();
    void eachPixelTakesTheNearestSample();
    void bilinearBlendsTheSamplesAround();
    void timeLimitGivesACoarserLattice();
    void blockMeansStandForTheirBlocks();
    void fewBlocksAreReadNormally();
    void zoomedInViewIsReadNormally();
    void stripedRasterIsReadNormally();
    void noDataAndOutsideStayInvalid();
    void reprojectedTargetFindsItsPixels();
    void unknownBandIsAnError();
    void sampleTakesSpreadBlocksForStatistics();
    void sampleOfAStripedRasterIsADecimatedRead();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void TestSparseBlockReader::initTestCase()
{
    m_path = writeTiled(m_dir.filePath(QStringLiteral("ramp.tif")), valueAt);
    QVERIFY(!m_path.isEmpty());
}

void TestSparseBlockReader::wholeRasterIsSampledWithinTheBlockBudget()
{
    const RasterDataset ds = RasterDataset::open(m_path);
    bool sparse = false;
    const RasterBuffer buffer
        = SparseBlockReader::read(ds, wholeRaster(), {}, Resampling::Nearest, blocks(kBudget), &sparse);
    QVERIFY(sparse);
    QCOMPARE(buffer.width, kWidth / 4);
    QCOMPARE(buffer.height, kHeight / 4);
    QCOMPARE(buffer.validCount(0), buffer.pixelCount());
    // The values tell which source pixels were read: one per block, no more blocks than the
    // budget of 64 (of 768), and most of the budget used.
    std::set<std::pair<int, int>> blocks;
    std::set<int> columns, rows;
    for (float value : buffer.values) {
        const QPoint pixel = pixelOf(value);
        blocks.insert({ pixel.x() / kTile, pixel.y() / kTile });
        columns.insert(pixel.x());
        rows.insert(pixel.y());
    }
    QVERIFY2(blocks.size() <= std::size_t(kBudget), qPrintable(QString::number(blocks.size())));
    QVERIFY2(blocks.size() >= std::size_t(kBudget) * 3 / 4, qPrintable(QString::number(blocks.size())));
    QCOMPARE(blocks.size(), columns.size() * rows.size());
    // Evenly spread: a 1024 x 768 raster in at most 64 cells is 9 x 7 cells of ~114 x 110 pixels,
    // the first sample half a cell in.
    QVERIFY(largestGap(columns) <= 1024 / 8);
    QVERIFY(largestGap(rows) <= 768 / 6);
    QVERIFY(*columns.begin() < 1024 / 8 && *columns.rbegin() > 1024 - 1024 / 8);
    QVERIFY(*rows.begin() < 768 / 6 && *rows.rbegin() > 768 - 768 / 6);
}

void TestSparseBlockReader::eachPixelTakesTheNearestSample()
{
    const RasterDataset ds = RasterDataset::open(m_path);
    const RasterGrid grid = wholeRaster();
    const RasterBuffer buffer = SparseBlockReader::read(ds, grid, {}, Resampling::Nearest, blocks(kBudget));
    std::set<int> columns, rows;
    for (float value : buffer.values) {
        columns.insert(pixelOf(value).x());
        rows.insert(pixelOf(value).y());
    }
    // Nearest neighbour among the samples, up to the one pixel a sample sits off its cell's
    // centre (the pixel under the centre is read).
    const auto nearest = [](const std::set<int> &samples, double position) {
        double best = 1e9;
        for (int s : samples)
            best = std::min(best, std::abs(s + 0.5 - position));
        return best;
    };
    for (int j = 0; j < buffer.height; ++j) {
        for (int i = 0; i < buffer.width; ++i) {
            const QPoint sample = pixelOf(buffer.value(0, i, j));
            const QPointF source = sourceOf(grid, i, j);
            QVERIFY(std::abs(sample.x() + 0.5 - source.x()) <= nearest(columns, source.x()) + 1.0);
            QVERIFY(std::abs(sample.y() + 0.5 - source.y()) <= nearest(rows, source.y()) + 1.0);
        }
    }
}

void TestSparseBlockReader::bilinearBlendsTheSamplesAround()
{
    // The fixture is a plane, which bilinear interpolation keeps: between four samples the value
    // follows the plane, off only by where each sample sits in its pixel (< 1 column and
    // < 1 row: 1 + 2000). Nearest neighbour would be off by up to half a cell: ~57 + 2000 * 55.
    const RasterDataset ds = RasterDataset::open(m_path);
    const RasterGrid grid = wholeRaster();
    const RasterBuffer buffer = SparseBlockReader::read(ds, grid, {}, Resampling::Bilinear, blocks(kBudget));
    QCOMPARE(buffer.validCount(0), buffer.pixelCount());
    int checked = 0;
    for (int j = 0; j < buffer.height; ++j) {
        for (int i = 0; i < buffer.width; ++i) {
            const QPointF source = sourceOf(grid, i, j);
            // Inside the outermost samples (about 60 pixels in): interpolation, not extension.
            if (source.x() < 70 || source.x() > kWidth - 70 || source.y() < 70 || source.y() > kHeight - 70)
                continue;
            const double plane = (source.x() - 0.5) + kRowFactor * (source.y() - 0.5);
            QVERIFY2(std::abs(buffer.value(0, i, j) - plane) <= 1.0 + kRowFactor,
                     qPrintable(QStringLiteral("%1 vs %2 at %3, %4")
                                    .arg(buffer.value(0, i, j))
                                    .arg(plane)
                                    .arg(i)
                                    .arg(j)));
            ++checked;
        }
    }
    QVERIFY(checked > 10000);
}

void TestSparseBlockReader::timeLimitGivesACoarserLattice()
{
    // 512 blocks in a millisecond is far beyond what decoding DEFLATE tiles allows (tens of
    // microseconds each): after the first lattice of 512 / 16 blocks, little or nothing more.
    const RasterDataset ds = RasterDataset::open(m_path);
    SparseReadOptions budget;
    budget.blocks = 512;
    budget.milliseconds = 1;
    bool sparse = false;
    const RasterBuffer buffer
        = SparseBlockReader::read(ds, wholeRaster(), {}, Resampling::Nearest, budget, &sparse);
    QVERIFY(sparse);
    QCOMPARE(buffer.validCount(0), buffer.pixelCount());
    std::set<std::pair<int, int>> samples;
    for (float value : buffer.values)
        samples.insert({ pixelOf(value).x(), pixelOf(value).y() });
    QVERIFY2(samples.size() >= 16 && samples.size() <= 128, qPrintable(QString::number(samples.size())));
}

void TestSparseBlockReader::blockMeansStandForTheirBlocks()
{
    // The mean of block (bx, by) of the plane is its centre's value: 32 bx + 15.5 + 2000 (32 by + 15.5),
    // so (value - 15.5 * 2001) / 32 is the whole number bx + 2000 by.
    const RasterDataset ds = RasterDataset::open(m_path);
    SparseReadOptions options = blocks(kBudget);
    options.blockMeans = true;
    bool sparse = false;
    const RasterBuffer buffer
        = SparseBlockReader::read(ds, wholeRaster(), {}, Resampling::Nearest, options, &sparse);
    QVERIFY(sparse);
    QCOMPARE(buffer.validCount(0), buffer.pixelCount());
    std::set<long> means;
    for (float value : buffer.values) {
        const double block = (value - 15.5 * (1 + kRowFactor)) / kTile;
        QVERIFY2(std::abs(block - std::round(block)) < 0.01, qPrintable(QString::number(value)));
        means.insert(std::lround(block));
    }
    QVERIFY(means.size() <= std::size_t(kBudget) && means.size() >= std::size_t(kBudget) * 3 / 4);

    // Half NoData: blocks with more NoData than data are invalid samples, the others the mean of
    // their data. Blocks are 32 wide and the NoData edge lies at 496, inside block 15.
    const QString path = writeTiled(
        m_dir.filePath(QStringLiteral("edge.tif")),
        [](int column, int row) { return column < 496 ? -9999.0 : valueAt(column, row); }, true);
    const RasterDataset half = RasterDataset::open(path);
    const RasterBuffer edge = SparseBlockReader::read(half, wholeRaster(), {}, Resampling::Nearest, options);
    for (int j = 0; j < edge.height; ++j)
        for (int i = 0; i < edge.width; ++i)
            if (edge.isValid(0, i, j))
                QVERIFY(edge.value(0, i, j) >= 496 - 1e-3);
    QVERIFY(edge.validCount(0) > edge.pixelCount() / 4 && edge.validCount(0) < edge.pixelCount() * 3 / 4);
}

void TestSparseBlockReader::fewBlocksAreReadNormally()
{
    // A budget as large as the raster's 768 blocks: a normal read costs no more.
    const RasterDataset ds = RasterDataset::open(m_path);
    bool sparse = true;
    const RasterBuffer buffer
        = SparseBlockReader::read(ds, wholeRaster(), {}, Resampling::Nearest, blocks(768), &sparse);
    QVERIFY(!sparse);
    QVERIFY(sameBuffers(buffer, MapRasterReader::read(ds, wholeRaster())));
}

void TestSparseBlockReader::zoomedInViewIsReadNormally()
{
    // 200 x 150 pixels at full resolution from (300, 200): 8 x 6 blocks, under the budget.
    const RasterDataset ds = RasterDataset::open(m_path);
    const RasterGrid grid = utmGrid(kOriginX + 300 * kPixel, kOriginY - 200 * kPixel, kPixel, 200, 150);
    bool sparse = true;
    const RasterBuffer buffer
        = SparseBlockReader::read(ds, grid, {}, Resampling::Nearest, blocks(kBudget), &sparse);
    QVERIFY(!sparse);
    QCOMPARE(buffer.validCount(0), std::size_t(200 * 150));
    QCOMPARE(double(buffer.value(0, 0, 0)), valueAt(300, 200));
    QCOMPARE(double(buffer.value(0, 199, 149)), valueAt(499, 349));
}

void TestSparseBlockReader::stripedRasterIsReadNormally()
{
    // test::writeRaster writes strips: blocks as wide as the raster.
    test::RasterSpec spec;
    spec.width = kWidth;
    spec.height = kHeight;
    std::vector<double> values;
    for (int row = 0; row < kHeight; ++row)
        for (int column = 0; column < kWidth; ++column)
            values.push_back(valueAt(column, row));
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("strips.tif")), spec, values);
    const RasterDataset ds = RasterDataset::open(path);
    QCOMPARE(ds.info().bands.front().blockWidth, kWidth);
    bool sparse = true;
    const RasterBuffer buffer
        = SparseBlockReader::read(ds, wholeRaster(), {}, Resampling::Nearest, blocks(4), &sparse);
    QVERIFY(!sparse);
    QVERIFY(sameBuffers(buffer, MapRasterReader::read(ds, wholeRaster())));
}

void TestSparseBlockReader::noDataAndOutsideStayInvalid()
{
    // The left half is NoData; the grid reaches 512 pixels beyond the raster's right edge.
    const QString path = writeTiled(
        m_dir.filePath(QStringLiteral("half.tif")),
        [](int column, int row) { return column < kWidth / 2 ? -9999.0 : valueAt(column, row); }, true);
    const RasterDataset ds = RasterDataset::open(path);
    const RasterGrid grid = utmGrid(kOriginX, kOriginY, kPixel * 8, (kWidth + 512) / 8, kHeight / 8);
    bool sparse = false;
    const RasterBuffer buffer
        = SparseBlockReader::read(ds, grid, {}, Resampling::Nearest, blocks(kBudget), &sparse);
    QVERIFY(sparse);
    int valid = 0;
    for (int j = 0; j < buffer.height; ++j) {
        for (int i = 0; i < buffer.width; ++i) {
            const double x = sourceOf(grid, i, j).x();
            // A lattice cell is at most 128 pixels wide: its sample decides within half of it.
            if (x < kWidth / 2 - 64 || x >= kWidth)
                QVERIFY2(!buffer.isValid(0, i, j), qPrintable(QStringLiteral("%1, %2").arg(i).arg(j)));
            if (x > kWidth / 2 + 64 && x < kWidth) {
                QVERIFY(buffer.isValid(0, i, j));
                QVERIFY(pixelOf(buffer.value(0, i, j)).x() >= kWidth / 2);
                ++valid;
            }
        }
    }
    QVERIFY(valid > 0);
}

void TestSparseBlockReader::reprojectedTargetFindsItsPixels()
{
    // A WGS 84 longitude/latitude grid over the raster and around it. Where each target pixel
    // falls in the raster is computed here with OSR directly, point by point.
    OGRSpatialReferenceH utm = OSRNewSpatialReference(nullptr);
    OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(nullptr);
    OSRSetFromUserInput(utm, "EPSG:32725");
    OSRSetFromUserInput(wgs84, "EPSG:4326");
    OSRSetAxisMappingStrategy(utm, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH toLonLat = OCTNewCoordinateTransformation(utm, wgs84);
    OGRCoordinateTransformationH toUtm = OCTNewCoordinateTransformation(wgs84, utm);
    double cornersX[] = { kOriginX, kOriginX + kWidth * kPixel, kOriginX, kOriginX + kWidth * kPixel };
    double cornersY[] = { kOriginY, kOriginY, kOriginY - kHeight * kPixel, kOriginY - kHeight * kPixel };
    QVERIFY(OCTTransform(toLonLat, 4, cornersX, cornersY, nullptr));
    const double west = *std::min_element(cornersX, cornersX + 4) - 0.03;
    const double east = *std::max_element(cornersX, cornersX + 4) + 0.03;
    const double south = *std::min_element(cornersY, cornersY + 4) - 0.03;
    const double north = *std::max_element(cornersY, cornersY + 4) + 0.03;
    RasterGrid grid;
    grid.width = 240;
    grid.height = 200;
    grid.geoTransform
        = GeoTransform({ west, (east - west) / grid.width, 0.0, north, 0.0, -(north - south) / grid.height });
    grid.crs = CrsInfo::fromUserInput(QStringLiteral("EPSG:4326"));

    const RasterDataset ds = RasterDataset::open(m_path);
    bool sparse = false;
    const RasterBuffer buffer
        = SparseBlockReader::read(ds, grid, {}, Resampling::Nearest, blocks(kBudget), &sparse);
    QVERIFY(sparse);
    std::set<int> columns, rows;
    for (std::size_t k = 0; k < buffer.pixelCount(); ++k)
        if (buffer.valid[k]) {
            columns.insert(pixelOf(buffer.values[k]).x());
            rows.insert(pixelOf(buffer.values[k]).y());
        }
    QVERIFY(columns.size() >= 5 && rows.size() >= 5);
    const int halfCellX = largestGap(columns) / 2 + 2;
    const int halfCellY = largestGap(rows) / 2 + 2;
    int inside = 0;
    for (int j = 0; j < grid.height; ++j) {
        for (int i = 0; i < grid.width; ++i) {
            const auto &t = grid.geoTransform.coefficients();
            double x = t[0] + (i + 0.5) * t[1];
            double y = t[3] + (j + 0.5) * t[5];
            QVERIFY(OCTTransform(toUtm, 1, &x, &y, nullptr));
            const double sx = (x - kOriginX) / kPixel;
            const double sy = (kOriginY - y) / kPixel;
            // A pixel off a raster edge by more than the interpolation's error is outside.
            if (sx < -1 || sx > kWidth + 1 || sy < -1 || sy > kHeight + 1) {
                QVERIFY(!buffer.isValid(0, i, j));
            } else if (sx > 1 && sx < kWidth - 1 && sy > 1 && sy < kHeight - 1) {
                QVERIFY(buffer.isValid(0, i, j));
                const QPoint sample = pixelOf(buffer.value(0, i, j));
                QVERIFY(std::abs(sample.x() + 0.5 - sx) <= halfCellX);
                QVERIFY(std::abs(sample.y() + 0.5 - sy) <= halfCellY);
                ++inside;
            }
        }
    }
    QVERIFY(inside > 1000);
    OCTDestroyCoordinateTransformation(toLonLat);
    OCTDestroyCoordinateTransformation(toUtm);
    OSRDestroySpatialReference(utm);
    OSRDestroySpatialReference(wgs84);
}

void TestSparseBlockReader::unknownBandIsAnError()
{
    const RasterDataset ds = RasterDataset::open(m_path);
    QCOMPARE(test::dataErrorCause([&] { SparseBlockReader::read(ds, wholeRaster(), { 3 }); }),
             QStringLiteral("band 3 requested, but the raster has 1 band(s)"));
}

void TestSparseBlockReader::sampleTakesSpreadBlocksForStatistics()
{
    const RasterDataset ds = RasterDataset::open(m_path);
    const RasterBuffer sample = SparseBlockReader::sample(ds, {}, kBudget, 8);
    QCOMPARE(sample.width, 64); // 8 x 8 per block
    QVERIFY(sample.height <= kBudget && sample.height >= kBudget * 3 / 4);
    QCOMPARE(sample.validCount(0), std::size_t(sample.width * sample.height));
    // Each row is one block decimated 4 times (32 -> 8): its pixels lie in that block, 4 apart.
    std::set<std::pair<int, int>> blocks;
    std::set<int> blockRows;
    for (int row = 0; row < sample.height; ++row) {
        const QPoint first = pixelOf(sample.value(0, 0, row));
        const QPoint block(first.x() / kTile, first.y() / kTile);
        for (int k = 0; k < sample.width; ++k) {
            const QPoint pixel = pixelOf(sample.value(0, k, row));
            QCOMPARE(QPoint(pixel.x() / kTile, pixel.y() / kTile), block);
            QCOMPARE(pixel.x() % 4, first.x() % 4);
        }
        blocks.insert({ block.x(), block.y() });
        blockRows.insert(block.y());
    }
    QCOMPARE(blocks.size(), std::size_t(sample.height));
    // Spread over the 24 block rows, not bunched at the top.
    QVERIFY(*blockRows.begin() <= 3 && *blockRows.rbegin() >= 20);
}

void TestSparseBlockReader::sampleOfAStripedRasterIsADecimatedRead()
{
    test::RasterSpec spec;
    spec.width = kWidth;
    spec.height = kHeight;
    std::vector<double> values;
    for (int row = 0; row < kHeight; ++row)
        for (int column = 0; column < kWidth; ++column)
            values.push_back(valueAt(column, row));
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("strips2.tif")), spec, values);
    const RasterDataset ds = RasterDataset::open(path);
    // About 64 blocks' worth of 8 x 8 samples: 4096 pixels, 1024 x 768 scaled by sqrt(4096 / 786432).
    const RasterBuffer sample = SparseBlockReader::sample(ds, {}, kBudget, 8);
    QCOMPARE(sample.width, 74);
    QCOMPARE(sample.height, 55);
    QCOMPARE(sample.validCount(0), std::size_t(74 * 55));
}

QTEST_GUILESS_MAIN(TestSparseBlockReader)
#include "testsparseblockreader.moc"
