#include "render/classpixelcounter.h"

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "labels/classtable.h"

#include <gdal.h>

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

// A strip of the exact count: 16 MiB of floats.
constexpr qint64 kStripPixels = qint64(1) << 22;
// A sample spreads over at least this many windows, so that no single block stands for a large
// part of the raster.
constexpr qint64 kMinimumSampleWindows = 256;
// Class values spanning at most this many integers get a direct lookup table.
constexpr qint64 kDenseLookupSpan = qint64(1) << 16;

// The class index of a pixel value, or -1 for a value that is no class.
class ClassLookup
{
public:
    explicit ClassLookup(const ClassTable &classes)
        : m_classes(classes)
    {
        if (classes.isEmpty())
            return;
        m_lowest = classes.entries.front().value;
        const qint64 span = qint64(classes.entries.back().value) - m_lowest + 1;
        if (span <= kDenseLookupSpan) {
            m_dense.assign(std::size_t(span), -1);
            for (int index = 0; index < classes.size(); ++index)
                m_dense[std::size_t(qint64(classes.entries[std::size_t(index)].value) - m_lowest)] = index;
        }
    }

    int indexOf(float value) const
    {
        if (!std::isfinite(value) || value != std::floor(value) || std::abs(value) > 2147483647.0f)
            return -1;
        const int integer = int(value);
        if (m_dense.empty())
            return m_classes.indexOfValue(integer);
        const qint64 slot = qint64(integer) - m_lowest;
        return slot >= 0 && slot < qint64(m_dense.size()) ? m_dense[std::size_t(slot)] : -1;
    }

private:
    const ClassTable &m_classes;
    qint64 m_lowest = 0;
    std::vector<int> m_dense;
};

// The pixels seen so far, by class.
struct Tally
{
    std::vector<qint64> perClass;
    qint64 other = 0;
    qint64 noData = 0;

    void add(const RasterBuffer &buffer, const ClassLookup &lookup)
    {
        // Class rasters come in runs of one value: look each run up once.
        bool haveLast = false;
        float last = 0.0f;
        int lastIndex = -1;
        for (std::size_t i = 0; i < buffer.pixelCount(); ++i) {
            if (!buffer.valid[i]) {
                ++noData;
                continue;
            }
            const float value = buffer.values[i];
            if (!haveLast || value != last) {
                lastIndex = lookup.indexOf(value);
                last = value;
                haveLast = true;
            }
            if (lastIndex >= 0)
                ++perClass[std::size_t(lastIndex)];
            else
                ++other;
        }
    }

    qint64 total() const
    {
        qint64 sum = other + noData;
        for (qint64 count : perClass)
            sum += count;
        return sum;
    }
};

void report(Feedback *feedback, qint64 done, qint64 total)
{
    if (!feedback)
        return;
    feedback->setProgress(100.0 * double(done) / double(std::max<qint64>(total, 1)));
    feedback->checkpoint();
}

Tally countAll(const RasterDataset &dataset, int band, const ClassLookup &lookup, Tally tally,
               Feedback *feedback)
{
    const int width = dataset.width();
    const int height = dataset.height();
    const int stripHeight = int(std::clamp<qint64>(kStripPixels / std::max(width, 1), 1, height));
    for (int y = 0; y < height; y += stripHeight) {
        report(feedback, y, height);
        tally.add(dataset.readWindow(QRect(0, y, width, std::min(stripHeight, height - y)), { band }),
                  lookup);
    }
    return tally;
}

// Whole storage blocks (or pieces of very large ones) on a lattice spread evenly over the raster,
// about `budget` pixels in all: reading a window costs no more than decoding the blocks it touches.
Tally countSample(const RasterDataset &dataset, int band, qint64 budget, const ClassLookup &lookup,
                  Tally tally, Feedback *feedback)
{
    const int width = dataset.width();
    const int height = dataset.height();
    int blockWidth = 0, blockHeight = 0;
    GDALGetBlockSize(GDALGetRasterBand(static_cast<GDALDatasetH>(dataset.gdalHandle()), band), &blockWidth,
                     &blockHeight);
    int windowWidth = std::clamp(blockWidth, 1, width);
    int windowHeight = std::clamp(blockHeight, 1, height);
    const qint64 windowBudget = std::max<qint64>(1, budget / kMinimumSampleWindows);
    if (qint64(windowWidth) * windowHeight > windowBudget) {
        // Square pieces of a large block (a strip as wide as the raster), so that the lattice
        // spreads across the raster as well as down it.
        const int side = std::max(1, int(std::sqrt(double(windowBudget))));
        windowWidth = std::min(windowWidth, side);
        windowHeight = int(std::clamp<qint64>(windowBudget / windowWidth, 1, windowHeight));
    }

    const int columns = (width + windowWidth - 1) / windowWidth;
    const int rows = (height + windowHeight - 1) / windowHeight;
    const qint64 wanted = std::max<qint64>(1, budget / (qint64(windowWidth) * windowHeight));
    const int across = int(std::clamp<qint64>(
        std::llround(std::sqrt(double(wanted) * columns / std::max(rows, 1))), 1, columns));
    const int down = int(std::clamp<qint64>(wanted / across, 1, rows));
    for (int j = 0; j < down; ++j) {
        report(feedback, j, down);
        const int row = int((j + 0.5) * rows / down);
        for (int i = 0; i < across; ++i) {
            const int column = int((i + 0.5) * columns / across);
            const QRect window(column * windowWidth, row * windowHeight,
                               std::min(windowWidth, width - column * windowWidth),
                               std::min(windowHeight, height - row * windowHeight));
            tally.add(dataset.readWindow(window, { band }), lookup);
        }
    }
    return tally;
}

} // namespace

ClassPixelCounts ClassPixelCounter::count(const RasterDataset &dataset, int band, const ClassTable &classes,
                                          qint64 pixelBudget, Feedback *feedback)
{
    if (band < 1 || band > dataset.bandCount())
        throw DataError(dataset.path(),
                        QStringLiteral("band %1 requested, but the raster has %2 band(s)")
                            .arg(band)
                            .arg(dataset.bandCount()));
    const ClassLookup lookup(classes);
    Tally empty;
    empty.perClass.assign(std::size_t(classes.size()), 0);
    const qint64 pixels = qint64(dataset.width()) * dataset.height();
    const Tally tally = pixels <= pixelBudget
        ? countAll(dataset, band, lookup, std::move(empty), feedback)
        : countSample(dataset, band, pixelBudget, lookup, std::move(empty), feedback);

    ClassPixelCounts counts;
    const qint64 seen = tally.total();
    counts.exact = seen == pixels;
    const double scale = seen > 0 ? double(pixels) / double(seen) : 0.0;
    const auto scaled
        = [&](qint64 count) { return counts.exact ? count : qint64(std::llround(count * scale)); };
    for (qint64 count : tally.perClass)
        counts.perClass.push_back(scaled(count));
    counts.otherPixels = scaled(tally.other);
    counts.noDataPixels = scaled(tally.noData);
    return counts;
}

} // namespace deepterra
