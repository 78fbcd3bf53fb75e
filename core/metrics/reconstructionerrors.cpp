#include "metrics/reconstructionerrors.h"

#include "metrics/jsonnumber.h"
#include "statistics/percentilerank.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace deepterra {

namespace {
constexpr double kReportedPercents[] = { 50.0, 90.0, 95.0, 99.0 };

double percentileOfSorted(const std::vector<double> &sorted, double percent)
{
    const PercentileRank rank = PercentileRank::of(qint64(sorted.size()), percent);
    return rank.interpolate(sorted[std::size_t(rank.lower)], sorted[std::size_t(rank.upper)]);
}

// numpy.histogram(values, bins) bit for bit, so that a report and a notebook agree on every
// count: the same edges (linspace), the same index arithmetic and the same one-ulp corrections.
void fillHistogram(const std::vector<double> &sorted, int bins, ReconstructionErrors &summary)
{
    double first = sorted.front();
    double last = sorted.back();
    if (first == last) {
        first -= 0.5;
        last += 0.5;
    }
    const double step = (last - first) / double(bins);
    summary.histogramEdges.resize(std::size_t(bins) + 1);
    for (int i = 0; i < bins; ++i)
        summary.histogramEdges[std::size_t(i)] = double(i) * step + first;
    summary.histogramEdges.back() = last;
    summary.histogramCounts.assign(std::size_t(bins), 0);

    const std::vector<double> &edges = summary.histogramEdges;
    const double norm = double(bins) / (last - first);
    for (const double value : sorted) {
        const double position = (value - first) * norm;
        long long index = std::isfinite(position)
            ? std::clamp(static_cast<long long>(position), 0LL, static_cast<long long>(bins))
            : 0;
        if (index == bins)
            --index;
        if (index > 0 && value < edges[std::size_t(index)])
            --index;
        if (index != bins - 1 && value >= edges[std::size_t(index) + 1])
            ++index;
        ++summary.histogramCounts[std::size_t(index)];
    }
}
} // namespace

ReconstructionErrors ReconstructionErrors::summarize(const std::vector<double> &errors,
                                                     double thresholdPercentile, int histogramBins)
{
    if (!(thresholdPercentile >= 0.0 && thresholdPercentile <= 100.0))
        throw std::invalid_argument("the anomaly threshold percentile must lie between 0 and 100");
    if (histogramBins < 1)
        throw std::invalid_argument("the error histogram needs at least one bin");

    ReconstructionErrors summary;
    summary.thresholdPercentile = thresholdPercentile;
    std::vector<double> sorted;
    sorted.reserve(errors.size());
    for (const double error : errors) {
        if (std::isfinite(error))
            sorted.push_back(error);
        else
            ++summary.skipped;
    }
    summary.count = qint64(sorted.size());
    for (const double percent : kReportedPercents)
        summary.percentiles.emplace_back(percent, std::numeric_limits<double>::quiet_NaN());
    if (sorted.empty())
        return summary;

    std::sort(sorted.begin(), sorted.end());
    summary.minimum = sorted.front();
    summary.maximum = sorted.back();
    double sum = 0.0;
    for (const double error : sorted)
        sum += error;
    summary.mean = sum / double(summary.count);
    double squares = 0.0;
    for (const double error : sorted)
        squares += (error - summary.mean) * (error - summary.mean);
    summary.stdDev = std::sqrt(squares / double(summary.count));

    for (auto &[percent, value] : summary.percentiles)
        value = percentileOfSorted(sorted, percent);
    summary.threshold = percentileOfSorted(sorted, thresholdPercentile);
    const auto firstAbove = std::upper_bound(sorted.begin(), sorted.end(), summary.threshold);
    summary.anomalyFraction = double(sorted.end() - firstAbove) / double(summary.count);

    fillHistogram(sorted, histogramBins, summary);
    return summary;
}

QJsonObject ReconstructionErrors::toJson() const
{
    QJsonArray percentileArray;
    for (const auto &[percent, value] : percentiles) {
        QJsonObject entry;
        entry.insert(QStringLiteral("percent"), percent);
        entry.insert(QStringLiteral("value"), jsonNumber(value));
        percentileArray.append(entry);
    }
    QJsonArray edges;
    for (const double edge : histogramEdges)
        edges.append(edge);
    QJsonArray counts;
    for (const qint64 binCount : histogramCounts)
        counts.append(QJsonValue(binCount));
    QJsonObject histogram;
    histogram.insert(QStringLiteral("edges"), edges);
    histogram.insert(QStringLiteral("counts"), counts);

    QJsonObject object;
    object.insert(QStringLiteral("mean"), jsonNumber(mean));
    object.insert(QStringLiteral("stdDev"), jsonNumber(stdDev));
    object.insert(QStringLiteral("minimum"), jsonNumber(minimum));
    object.insert(QStringLiteral("maximum"), jsonNumber(maximum));
    object.insert(QStringLiteral("count"), QJsonValue(count));
    object.insert(QStringLiteral("skipped"), QJsonValue(skipped));
    object.insert(QStringLiteral("percentiles"), percentileArray);
    object.insert(QStringLiteral("histogram"), histogram);
    object.insert(QStringLiteral("thresholdPercentile"), thresholdPercentile);
    object.insert(QStringLiteral("threshold"), jsonNumber(threshold));
    object.insert(QStringLiteral("anomalyFraction"), jsonNumber(anomalyFraction));
    return object;
}

} // namespace deepterra
