#include "render/sparseblockreader.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"
#include "geodata/rasterdataset.h"
#include "render/coordinatetransformer.h"
#include "render/maprasterreader.h"
#include "render/private/bandpixels.h"

#include <QElapsedTimer>

#include <gdal.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace deepterra {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Target pixels between two exactly reprojected nodes are interpolated: a view's distortion is
// linear over this many pixels to far below a pixel, and PROJ is spared 98 % of the points.
constexpr int kReprojectionStep = 8;
// A time-limited read times a first lattice of this fraction of the block budget.
constexpr int kProbeFraction = 16;

// Blocks a read may decode: the caller's budget, fewer when blocks are large or bands many.
int effectiveBudget(int blockBudget, int blockWidth, int blockHeight, std::size_t bandCount)
{
    const qint64 blockPixels
        = qint64(blockWidth) * qint64(blockHeight) * qint64(std::max<std::size_t>(bandCount, 1));
    const qint64 byPixels = SparseBlockReader::kMaxDecodedPixels / std::max<qint64>(blockPixels, 1);
    return int(std::max<qint64>(1, std::min<qint64>(std::max(blockBudget, 1), byPixels)));
}

// `window` of one band decimated (nearest neighbour) to `out`, as floats plus validity.
void readPixels(const RasterInfo &info, GDALRasterBandH band, const QRect &window, const QSize &out,
                float *values, std::uint8_t *valid)
{
    GdalErrorScope errors;
    const std::size_t count = std::size_t(out.width()) * std::size_t(out.height());
    if (GDALRasterIO(band, GF_Read, window.x(), window.y(), window.width(), window.height(), values,
                     out.width(), out.height(), GDT_Float32, 0, 0)
        != CE_None)
        throw DataError(info.path,
                        QStringLiteral("cannot read band %1: %2")
                            .arg(GDALGetBandNumber(band))
                            .arg(errors.lastError(QStringLiteral("read failed"))));
    const int flags = GDALGetMaskFlags(band);
    std::vector<std::uint8_t> mask;
    if (!(flags & GMF_ALL_VALID) && !(flags & GMF_NODATA)) {
        mask.resize(count);
        if (GDALRasterIO(GDALGetMaskBand(band), GF_Read, window.x(), window.y(), window.width(),
                         window.height(), mask.data(), out.width(), out.height(), GDT_Byte, 0, 0)
            != CE_None)
            throw DataError(info.path,
                            QStringLiteral("cannot read the validity mask of band %1: %2")
                                .arg(GDALGetBandNumber(band))
                                .arg(errors.lastError(QStringLiteral("read failed"))));
    }
    BandPixels::markValidity(band, values, valid, count, mask.empty() ? nullptr : mask.data());
}

// Where the centre of each target pixel falls in the raster, in its pixel coordinates (NaN where
// it cannot be transformed), and the bounds of those that fall inside.
struct SourcePositions
{
    std::vector<double> x;
    std::vector<double> y;
    double minX = std::numeric_limits<double>::max();
    double minY = std::numeric_limits<double>::max();
    double maxX = std::numeric_limits<double>::lowest();
    double maxY = std::numeric_limits<double>::lowest();

    bool anyInside() const { return minX <= maxX; }
};

// The nodes of one axis, every kReprojectionStep pixels and at the last, and for each pixel the node
// before it and its fraction of the way to the next.
struct AxisNodes
{
    std::vector<int> nodes;
    std::vector<int> cell;
    std::vector<double> fraction;

    explicit AxisNodes(int size)
    {
        for (int i = 0; i < size - 1; i += kReprojectionStep)
            nodes.push_back(i);
        nodes.push_back(size - 1);
        cell.resize(std::size_t(size));
        fraction.resize(std::size_t(size));
        for (int i = 0, c = 0; i < size; ++i) {
            while (c + 1 < int(nodes.size()) - 1 && nodes[std::size_t(c) + 1] <= i)
                ++c;
            const int next = nodes.size() > 1 ? nodes[std::size_t(c) + 1] : nodes[0];
            cell[std::size_t(i)] = c;
            fraction[std::size_t(i)] = next > nodes[std::size_t(c)]
                ? double(i - nodes[std::size_t(c)]) / double(next - nodes[std::size_t(c)])
                : 0.0;
        }
    }
};

// Target pixel centres in the raster's CRS: exactly at the nodes, interpolated between them; a
// pixel next to a node PROJ could not transform is transformed on its own.
void reprojectCentres(const RasterGrid &target, const CoordinateTransformer &transformer,
                      std::vector<double> &x, std::vector<double> &y)
{
    const auto &t = target.geoTransform.coefficients();
    const auto centre = [&t](double column, double row, double &mx, double &my) {
        mx = t[0] + (column + 0.5) * t[1] + (row + 0.5) * t[2];
        my = t[3] + (column + 0.5) * t[4] + (row + 0.5) * t[5];
    };
    const AxisNodes columns(target.width);
    const AxisNodes rows(target.height);
    const std::size_t nodeColumns = columns.nodes.size();
    std::vector<double> nx, ny;
    for (int row : rows.nodes)
        for (int column : columns.nodes) {
            double mx = 0, my = 0;
            centre(column, row, mx, my);
            nx.push_back(mx);
            ny.push_back(my);
        }
    transformer.transform(nx, ny);

    std::vector<std::size_t> exact;
    for (int row = 0; row < target.height; ++row) {
        const std::size_t r0 = std::size_t(rows.cell[std::size_t(row)]);
        const std::size_t r1 = std::min(r0 + 1, rows.nodes.size() - 1);
        const double fy = rows.fraction[std::size_t(row)];
        for (int column = 0; column < target.width; ++column) {
            const std::size_t c0 = std::size_t(columns.cell[std::size_t(column)]);
            const std::size_t c1 = std::min(c0 + 1, nodeColumns - 1);
            const double fx = columns.fraction[std::size_t(column)];
            const std::size_t corners[] = { r0 * nodeColumns + c0, r0 * nodeColumns + c1,
                                            r1 * nodeColumns + c0, r1 * nodeColumns + c1 };
            const std::size_t i = std::size_t(row) * std::size_t(target.width) + std::size_t(column);
            if (std::any_of(std::begin(corners), std::end(corners),
                            [&](std::size_t k) { return !std::isfinite(nx[k]) || !std::isfinite(ny[k]); })) {
                centre(column, row, x[i], y[i]);
                exact.push_back(i);
                continue;
            }
            const auto blend = [&](const std::vector<double> &v) {
                const double top = v[corners[0]] + fx * (v[corners[1]] - v[corners[0]]);
                const double bottom = v[corners[2]] + fx * (v[corners[3]] - v[corners[2]]);
                return top + fy * (bottom - top);
            };
            x[i] = blend(nx);
            y[i] = blend(ny);
        }
    }
    if (exact.empty())
        return;
    std::vector<double> ex, ey;
    for (std::size_t i : exact) {
        ex.push_back(x[i]);
        ey.push_back(y[i]);
    }
    transformer.transform(ex, ey);
    for (std::size_t k = 0; k < exact.size(); ++k) {
        x[exact[k]] = ex[k];
        y[exact[k]] = ey[k];
    }
}

SourcePositions sourcePositions(const RasterInfo &info, const RasterGrid &target)
{
    SourcePositions positions;
    const std::size_t count = std::size_t(target.width) * std::size_t(target.height);
    positions.x.resize(count);
    positions.y.resize(count);
    const CrsInfo sourceCrs = MapRasterReader::displayCrs(info);
    const bool sameCrs = !sourceCrs.isValid() || !target.crs.isValid() || sourceCrs.isSameAs(target.crs);
    if (sameCrs) {
        const auto &t = target.geoTransform.coefficients();
        for (int row = 0; row < target.height; ++row)
            for (int column = 0; column < target.width; ++column) {
                const std::size_t i = std::size_t(row) * std::size_t(target.width) + std::size_t(column);
                positions.x[i] = t[0] + (column + 0.5) * t[1] + (row + 0.5) * t[2];
                positions.y[i] = t[3] + (column + 0.5) * t[4] + (row + 0.5) * t[5];
            }
    } else {
        reprojectCentres(target, CoordinateTransformer(target.crs, sourceCrs), positions.x, positions.y);
    }

    const GeoTransform source = MapRasterReader::displayTransform(info);
    for (std::size_t i = 0; i < count; ++i) {
        const QPointF pixel = std::isfinite(positions.x[i]) && std::isfinite(positions.y[i])
            ? source.mapToPixel(QPointF(positions.x[i], positions.y[i]))
            : QPointF(kNaN, kNaN);
        const bool inside
            = pixel.x() >= 0 && pixel.x() < info.width && pixel.y() >= 0 && pixel.y() < info.height;
        positions.x[i] = inside ? pixel.x() : kNaN;
        positions.y[i] = inside ? pixel.y() : kNaN;
        if (!inside)
            continue;
        positions.minX = std::min(positions.minX, pixel.x());
        positions.maxX = std::max(positions.maxX, pixel.x());
        positions.minY = std::min(positions.minY, pixel.y());
        positions.maxY = std::max(positions.maxY, pixel.y());
    }
    return positions;
}

// Sample (i, j) lies at the centre of cell (i, j) of a columns x rows division of the region.
struct Lattice
{
    double x0 = 0;
    double y0 = 0;
    double cellWidth = 1;
    double cellHeight = 1;
    int columns = 1;
    int rows = 1;

    int count() const { return columns * rows; }
};

// As many samples as the budget allows, as square a spacing as the region's shape permits.
Lattice latticeFor(double x0, double y0, double width, double height, int budget)
{
    Lattice lattice;
    lattice.x0 = x0;
    lattice.y0 = y0;
    double spacing = std::sqrt(width * height / budget);
    for (;;) {
        lattice.columns = std::max(1, int(std::ceil(width / spacing)));
        lattice.rows = std::max(1, int(std::ceil(height / spacing)));
        if (qint64(lattice.columns) * lattice.rows <= budget)
            break;
        spacing *= 1.02;
    }
    lattice.cellWidth = width / lattice.columns;
    lattice.cellHeight = height / lattice.rows;
    return lattice;
}

// One value per lattice sample and band, sample-major per band: values[slot * count + sample].
// The pixel at the sample, or the mean of the block that holds it, valid when at least half of
// the block is.
void readSamples(const RasterDataset &dataset, const std::vector<int> &bands, const Lattice &lattice,
                 bool blockMeans, std::vector<float> &values, std::vector<std::uint8_t> &valid)
{
    const RasterInfo &info = dataset.info();
    auto *handle = static_cast<GDALDatasetH>(dataset.gdalHandle());
    int blockWidth = 1, blockHeight = 1;
    GDALGetBlockSize(GDALGetRasterBand(handle, bands.front()), &blockWidth, &blockHeight);
    const std::size_t count = std::size_t(lattice.count());
    values.assign(count * bands.size(), 0.0f);
    valid.assign(values.size(), 0);
    std::vector<float> blockValues;
    std::vector<std::uint8_t> blockValid;
    for (int j = 0; j < lattice.rows; ++j) {
        const int y
            = std::clamp(int(std::floor(lattice.y0 + (j + 0.5) * lattice.cellHeight)), 0, info.height - 1);
        for (int i = 0; i < lattice.columns; ++i) {
            const int x
                = std::clamp(int(std::floor(lattice.x0 + (i + 0.5) * lattice.cellWidth)), 0, info.width - 1);
            const std::size_t k = std::size_t(j) * std::size_t(lattice.columns) + std::size_t(i);
            for (std::size_t slot = 0; slot < bands.size(); ++slot) {
                GDALRasterBandH band = GDALGetRasterBand(handle, bands[slot]);
                if (!blockMeans) {
                    readPixels(info, band, QRect(x, y, 1, 1), QSize(1, 1), &values[slot * count + k],
                               &valid[slot * count + k]);
                    continue;
                }
                // The whole block costs what its one pixel costs: it is decoded whole anyway.
                const QRect block(x / blockWidth * blockWidth, y / blockHeight * blockHeight,
                                  std::min(blockWidth, info.width - x / blockWidth * blockWidth),
                                  std::min(blockHeight, info.height - y / blockHeight * blockHeight));
                blockValues.resize(std::size_t(block.width()) * std::size_t(block.height()));
                blockValid.resize(blockValues.size());
                readPixels(info, band, block, block.size(), blockValues.data(), blockValid.data());
                double sum = 0;
                std::size_t used = 0;
                for (std::size_t p = 0; p < blockValues.size(); ++p)
                    if (blockValid[p] && std::isfinite(blockValues[p])) {
                        sum += blockValues[p];
                        ++used;
                    }
                values[slot * count + k] = used > 0 ? float(sum / double(used)) : 0.0f;
                valid[slot * count + k] = 2 * used >= blockValues.size() ? 1 : 0;
            }
        }
    }
}

// Fills the target from the samples: the nearest sample, or for bilinear the four around the pixel
// when all are valid.
void paint(const SourcePositions &positions, const Lattice &lattice, const std::vector<float> &values,
           const std::vector<std::uint8_t> &valid, Resampling resampling, RasterBuffer &buffer)
{
    const std::size_t count = std::size_t(lattice.count());
    const std::size_t plane = buffer.pixelCount();
    const auto sampleIndex = [&](int i, int j) {
        return std::size_t(std::clamp(j, 0, lattice.rows - 1)) * std::size_t(lattice.columns)
            + std::size_t(std::clamp(i, 0, lattice.columns - 1));
    };
    for (std::size_t p = 0; p < plane; ++p) {
        if (std::isnan(positions.x[p]))
            continue;
        const double u = (positions.x[p] - lattice.x0) / lattice.cellWidth;
        const double v = (positions.y[p] - lattice.y0) / lattice.cellHeight;
        const std::size_t nearest = sampleIndex(int(std::floor(u)), int(std::floor(v)));
        const int i0 = int(std::floor(u - 0.5));
        const int j0 = int(std::floor(v - 0.5));
        const double fx = std::clamp(u - 0.5 - i0, 0.0, 1.0);
        const double fy = std::clamp(v - 0.5 - j0, 0.0, 1.0);
        const std::size_t around[] = { sampleIndex(i0, j0), sampleIndex(i0 + 1, j0), sampleIndex(i0, j0 + 1),
                                       sampleIndex(i0 + 1, j0 + 1) };
        for (std::size_t slot = 0; slot < std::size_t(buffer.bandCount()); ++slot) {
            const float *bandValues = values.data() + slot * count;
            const std::uint8_t *bandValid = valid.data() + slot * count;
            float value = bandValues[nearest];
            bool isValid = bandValid[nearest] != 0;
            if (resampling == Resampling::Bilinear
                && std::all_of(std::begin(around), std::end(around),
                               [&](std::size_t k) { return bandValid[k] != 0; })) {
                const double top
                    = bandValues[around[0]] + fx * (bandValues[around[1]] - bandValues[around[0]]);
                const double bottom
                    = bandValues[around[2]] + fx * (bandValues[around[3]] - bandValues[around[2]]);
                value = float(top + fy * (bottom - top));
                isValid = true;
            }
            buffer.values[slot * plane + p] = value;
            buffer.valid[slot * plane + p] = isValid ? 1 : 0;
        }
    }
}

int blocksAcross(double from, double to, int blockSize)
{
    return int(std::floor(to / blockSize)) - int(std::floor(from / blockSize)) + 1;
}

} // namespace

RasterBuffer SparseBlockReader::read(const RasterDataset &dataset, const RasterGrid &target,
                                     const std::vector<int> &bands, Resampling resampling,
                                     const SparseReadOptions &options, bool *sparse)
{
    GdalEnvironment::ensureInitialized();
    if (sparse)
        *sparse = false;
    const RasterInfo &info = dataset.info();
    const std::vector<int> wanted = BandPixels::resolveBands(info, bands);
    if (!target.isValid()) {
        RasterBuffer empty;
        empty.bands = wanted;
        return empty;
    }
    auto *handle = static_cast<GDALDatasetH>(dataset.gdalHandle());
    int blockWidth = 0, blockHeight = 0;
    GDALGetBlockSize(GDALGetRasterBand(handle, wanted.front()), &blockWidth, &blockHeight);
    // Strips: a decimated read decodes only the strips its rows fall in, as sparse as it gets.
    if (blockWidth >= info.width || blockWidth < 1 || blockHeight < 1)
        return MapRasterReader::read(dataset, target, wanted, resampling);

    RasterBuffer buffer;
    buffer.width = target.width;
    buffer.height = target.height;
    buffer.bands = wanted;
    buffer.values.assign(buffer.pixelCount() * wanted.size(), 0.0f);
    buffer.valid.assign(buffer.values.size(), 0);
    const SourcePositions positions = sourcePositions(info, target);
    if (!positions.anyInside())
        return buffer;

    // A normal read decodes each block that holds the centre of a target pixel: all the blocks
    // of the region, unless the target has fewer pixels across than the region has blocks.
    const int budget = effectiveBudget(options.blocks, blockWidth, blockHeight, wanted.size());
    const qint64 normalBlocks
        = qint64(std::min(target.width, blocksAcross(positions.minX, positions.maxX, blockWidth)))
        * qint64(std::min(target.height, blocksAcross(positions.minY, positions.maxY, blockHeight)));
    if (normalBlocks <= budget)
        return MapRasterReader::read(dataset, target, wanted, resampling);

    const double x0 = std::floor(positions.minX);
    const double y0 = std::floor(positions.minY);
    const double width = std::min(double(info.width), std::floor(positions.maxX) + 1) - x0;
    const double height = std::min(double(info.height), std::floor(positions.maxY) + 1) - y0;
    Lattice lattice = latticeFor(x0, y0, width, height, budget);
    std::vector<float> values;
    std::vector<std::uint8_t> valid;
    if (options.milliseconds > 0 && budget >= 2 * kProbeFraction) {
        QElapsedTimer timer;
        timer.start();
        const Lattice probe = latticeFor(x0, y0, width, height, budget / kProbeFraction);
        readSamples(dataset, wanted, probe, options.blockMeans, values, valid);
        const double spentMs = double(timer.nsecsElapsed()) / 1e6;
        const double affordable = (options.milliseconds - spentMs) / std::max(spentMs / probe.count(), 1e-4);
        lattice = probe;
        // Worth it only when it refines the first lattice well beyond its samples.
        if (affordable > 2.0 * probe.count()) {
            lattice = latticeFor(x0, y0, width, height, int(std::min(affordable, double(budget))));
            readSamples(dataset, wanted, lattice, options.blockMeans, values, valid);
        }
    } else {
        readSamples(dataset, wanted, lattice, options.blockMeans, values, valid);
    }
    paint(positions, lattice, values, valid, resampling, buffer);
    if (sparse)
        *sparse = true;
    return buffer;
}

RasterBuffer SparseBlockReader::sample(const RasterDataset &dataset, const std::vector<int> &bands,
                                       int blockBudget, int samplesPerBlock)
{
    GdalEnvironment::ensureInitialized();
    const RasterInfo &info = dataset.info();
    const std::vector<int> wanted = BandPixels::resolveBands(info, bands);
    auto *handle = static_cast<GDALDatasetH>(dataset.gdalHandle());
    int blockWidth = 0, blockHeight = 0;
    GDALGetBlockSize(GDALGetRasterBand(handle, wanted.front()), &blockWidth, &blockHeight);
    const int perBlock = std::max(1, samplesPerBlock);
    const int budget
        = effectiveBudget(blockBudget, std::max(blockWidth, 1), std::max(blockHeight, 1), wanted.size());
    const int blockColumns = (info.width + std::max(blockWidth, 1) - 1) / std::max(blockWidth, 1);
    const int blockRows = (info.height + std::max(blockHeight, 1) - 1) / std::max(blockHeight, 1);

    if (blockWidth >= info.width || blockWidth < 1 || blockHeight < 1
        || qint64(blockColumns) * blockRows <= budget) {
        const double wantedPixels = double(budget) * perBlock * perBlock;
        const double factor = std::min(1.0, std::sqrt(wantedPixels / (double(info.width) * info.height)));
        RasterReadRequest request;
        request.bands = wanted;
        request.outputSize = QSize(std::max(1, int(std::lround(info.width * factor))),
                                   std::max(1, int(std::lround(info.height * factor))));
        RasterBuffer whole = dataset.read(request);
        whole.window = QRect();
        return whole;
    }

    const int across
        = std::clamp(int(std::lround(std::sqrt(double(budget) * blockColumns / blockRows))), 1, blockColumns);
    const int down = std::clamp(budget / across, 1, blockRows);
    RasterBuffer buffer;
    buffer.width = perBlock * perBlock;
    buffer.height = across * down;
    buffer.bands = wanted;
    buffer.values.assign(buffer.pixelCount() * wanted.size(), 0.0f);
    buffer.valid.assign(buffer.values.size(), 0);
    for (int j = 0; j < down; ++j) {
        const int blockRow = int((j + 0.5) * blockRows / down);
        for (int i = 0; i < across; ++i) {
            const int blockColumn = int((i + 0.5) * blockColumns / across);
            const QRect window(blockColumn * blockWidth, blockRow * blockHeight,
                               std::min(blockWidth, info.width - blockColumn * blockWidth),
                               std::min(blockHeight, info.height - blockRow * blockHeight));
            const QSize out(std::min(perBlock, window.width()), std::min(perBlock, window.height()));
            const int row = j * across + i;
            for (std::size_t slot = 0; slot < wanted.size(); ++slot)
                readPixels(info, GDALGetRasterBand(handle, wanted[slot]), window, out,
                           &buffer.values[buffer.offset(int(slot), 0, row)],
                           &buffer.valid[buffer.offset(int(slot), 0, row)]);
        }
    }
    return buffer;
}

} // namespace deepterra
