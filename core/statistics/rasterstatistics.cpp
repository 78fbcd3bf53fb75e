#include "statistics/rasterstatistics.h"

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "statistics/percentilerank.h"
#include "statistics/runningmoments.h"
#include "statistics/valuehistogram.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

namespace deepterra {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool isIntegerType(const QString &dataType)
{
    return dataType == QLatin1String("Byte") || dataType.startsWith(QLatin1String("Int"))
        || dataType.startsWith(QLatin1String("UInt"));
}

std::vector<int> resolveBands(const RasterDataset &dataset, const std::vector<int> &bands)
{
    std::vector<int> resolved = bands;
    if (resolved.empty())
        for (int b = 1; b <= dataset.bandCount(); ++b)
            resolved.push_back(b);
    for (int band : resolved)
        if (band < 1 || band > dataset.bandCount())
            throw DataError(dataset.path(),
                            QStringLiteral("band %1 requested, but the raster has %2 band(s)")
                                .arg(band)
                                .arg(dataset.bandCount()));
    return resolved;
}

void validate(const StatisticsOptions &options)
{
    for (double percent : options.percentiles)
        if (!(percent >= 0.0 && percent <= 100.0))
            throw std::invalid_argument("percentiles must lie between 0 and 100");
    if (options.approximate && options.approximatePixelBudget < 1)
        throw std::invalid_argument("the approximate pixel budget must be at least one pixel");
    if (options.stripPixelBudget < 1)
        throw std::invalid_argument("the strip pixel budget must be at least one pixel");
    if (options.histogramBins < 1)
        throw std::invalid_argument("the histogram needs at least one bin");
}

// Rows per strip: as many as the strip budget allows, rounded down to whole blocks when a strip spans
// several, so that no block is decoded twice.
int rowsPerStrip(const RasterDataset &dataset, std::size_t bandCount, qint64 stripPixelBudget)
{
    const qint64 rowPixels = qint64(dataset.width()) * qint64(std::max<std::size_t>(bandCount, 1));
    int rows
        = int(std::clamp<qint64>(stripPixelBudget / std::max<qint64>(rowPixels, 1), 1, dataset.height()));
    const int blockHeight = dataset.info().bands.front().blockHeight;
    if (blockHeight > 1 && rows > blockHeight)
        rows -= rows % blockHeight;
    return rows;
}

void report(Feedback *feedback, double percent)
{
    if (!feedback)
        return;
    feedback->setProgress(percent);
    feedback->checkpoint();
}

// Calls `visit(strip)` for each strip of rows of `bands`, reporting progress from `progressFrom` to
// `progressTo`.
template<typename Visit>
void forEachStrip(const RasterDataset &dataset, const std::vector<int> &bands, qint64 stripPixelBudget,
                  Feedback *feedback, double progressFrom, double progressTo, Visit visit)
{
    const int rows = rowsPerStrip(dataset, bands.size(), stripPixelBudget);
    for (int y = 0; y < dataset.height(); y += rows) {
        report(feedback, progressFrom + (progressTo - progressFrom) * double(y) / double(dataset.height()));
        const int stripRows = std::min(rows, dataset.height() - y);
        visit(dataset.readWindow(QRect(0, y, dataset.width(), stripRows), bands));
    }
}

BandStatistics describe(int band, const RunningMoments &moments, qint64 pixelCount)
{
    BandStatistics stats;
    stats.band = band;
    stats.pixelCount = pixelCount;
    stats.validCount = moments.count();
    stats.minimum = moments.minimum();
    stats.maximum = moments.maximum();
    stats.mean = moments.mean();
    stats.stdDev = moments.stdDev();
    return stats;
}

void setPercentiles(BandStatistics &stats, const std::vector<double> &percents,
                    const std::vector<double> &values)
{
    stats.percentiles.clear();
    for (std::size_t i = 0; i < percents.size(); ++i)
        stats.percentiles.emplace_back(percents[i], i < values.size() ? values[i] : kNaN);
}

std::vector<BandStatistics> computeExact(const RasterDataset &dataset, const std::vector<int> &bands,
                                         const StatisticsOptions &options, Feedback *feedback)
{
    const bool wantsPercentiles = !options.percentiles.empty();
    const double firstPassEnd = wantsPercentiles ? 50.0 : 100.0;
    std::vector<RunningMoments> moments(bands.size());
    forEachStrip(dataset, bands, options.stripPixelBudget, feedback, 0.0, firstPassEnd,
                 [&](const RasterBuffer &strip) {
                     for (std::size_t slot = 0; slot < bands.size(); ++slot) {
                         const std::size_t offset = strip.offset(int(slot), 0, 0);
                         moments[slot].addBlock(strip.values.data() + offset, strip.valid.data() + offset,
                                                strip.pixelCount());
                     }
                 });

    const qint64 pixelCount = qint64(dataset.width()) * qint64(dataset.height());
    std::vector<BandStatistics> result;
    for (std::size_t slot = 0; slot < bands.size(); ++slot)
        result.push_back(describe(bands[slot], moments[slot], pixelCount));
    if (!wantsPercentiles)
        return result;

    // Second pass over the bands that have values, each into a histogram spanning its min..max.
    std::vector<int> histogramBands;
    std::vector<std::size_t> histogramSlots;
    std::vector<ValueHistogram> histograms;
    for (std::size_t slot = 0; slot < bands.size(); ++slot) {
        if (moments[slot].count() == 0) {
            setPercentiles(result[slot], options.percentiles, {});
            continue;
        }
        const bool integerValued
            = isIntegerType(dataset.info().bands.at(std::size_t(bands[slot] - 1)).dataType);
        histograms.emplace_back(moments[slot].minimum(), moments[slot].maximum(), integerValued,
                                options.histogramBins);
        histogramBands.push_back(bands[slot]);
        histogramSlots.push_back(slot);
    }
    if (!histogramBands.empty())
        forEachStrip(dataset, histogramBands, options.stripPixelBudget, feedback, 50.0, 100.0,
                     [&](const RasterBuffer &strip) {
                         for (std::size_t i = 0; i < histograms.size(); ++i) {
                             const std::size_t offset = strip.offset(int(i), 0, 0);
                             histograms[i].addBlock(strip.values.data() + offset, strip.valid.data() + offset,
                                                    strip.pixelCount());
                         }
                     });
    for (std::size_t i = 0; i < histograms.size(); ++i) {
        // Both passes must have seen the same pixels, or the file changed under us.
        if (histograms[i].count() != moments[histogramSlots[i]].count())
            throw DataError(
                dataset.path(),
                QStringLiteral("band %1 changed while its statistics were computed").arg(histogramBands[i]));
        setPercentiles(result[histogramSlots[i]], options.percentiles,
                       histograms[i].percentiles(options.percentiles));
    }
    return result;
}

std::vector<BandStatistics> computeApproximate(const RasterDataset &dataset, const std::vector<int> &bands,
                                               const StatisticsOptions &options, Feedback *feedback)
{
    const double factor = std::sqrt(double(options.approximatePixelBudget)
                                    / (double(dataset.width()) * double(dataset.height())));
    const QSize sampleSize(std::max(1, int(std::lround(dataset.width() * factor))),
                           std::max(1, int(std::lround(dataset.height() * factor))));
    std::vector<BandStatistics> result;
    std::vector<float> sample;
    for (std::size_t slot = 0; slot < bands.size(); ++slot) {
        report(feedback, 100.0 * double(slot) / double(bands.size()));
        // One band at a time: memory stays at one decimated view whatever the band count.
        RasterReadRequest request;
        request.bands = { bands[slot] };
        request.outputSize = sampleSize;
        request.resampling = Resampling::Nearest; // actual pixel values, not blends of them
        const RasterBuffer view = dataset.read(request);

        RunningMoments moments;
        moments.addBlock(view.values.data(), view.valid.data(), view.pixelCount());
        BandStatistics stats = describe(bands[slot], moments, qint64(view.pixelCount()));
        stats.approximate = true;

        sample.clear();
        for (std::size_t i = 0; i < view.pixelCount(); ++i)
            if (view.valid[i] && std::isfinite(view.values[i]))
                sample.push_back(view.values[i]);
        std::sort(sample.begin(), sample.end());
        std::vector<double> values;
        if (!sample.empty())
            for (double percent : options.percentiles) {
                const PercentileRank rank = PercentileRank::of(qint64(sample.size()), percent);
                values.push_back(
                    rank.interpolate(sample[std::size_t(rank.lower)], sample[std::size_t(rank.upper)]));
            }
        setPercentiles(stats, options.percentiles, values);
        result.push_back(std::move(stats));
    }
    return result;
}

} // namespace

std::vector<BandStatistics> RasterStatistics::compute(const RasterDataset &dataset,
                                                      const std::vector<int> &bands,
                                                      const StatisticsOptions &options, Feedback *feedback)
{
    validate(options);
    const std::vector<int> resolved = resolveBands(dataset, bands);
    const bool fitsBudget
        = qint64(dataset.width()) * qint64(dataset.height()) <= options.approximatePixelBudget;
    std::vector<BandStatistics> result = options.approximate && !fitsBudget
        ? computeApproximate(dataset, resolved, options, feedback)
        : computeExact(dataset, resolved, options, feedback);
    if (feedback)
        feedback->setProgress(100.0);
    return result;
}

} // namespace deepterra
