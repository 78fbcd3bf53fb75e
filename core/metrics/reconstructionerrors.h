#pragma once

#include <QJsonObject>
#include <QtGlobal>

#include <limits>
#include <utility>
#include <vector>

namespace deepterra {

// The distribution of an autoencoder's reconstruction errors on normal (validation) data, and the
// anomaly threshold taken from it: an error above the chosen percentile of normal errors is
// flagged. Percentiles follow numpy.percentile's default (linear) definition, the histogram
// numpy.histogram's (equal bins over [minimum, maximum], the last bin closed on the right).
struct ReconstructionErrors
{
    double mean = std::numeric_limits<double>::quiet_NaN();
    double stdDev = std::numeric_limits<double>::quiet_NaN(); // population (numpy's default ddof=0)
    double minimum = std::numeric_limits<double>::quiet_NaN();
    double maximum = std::numeric_limits<double>::quiet_NaN();
    qint64 count = 0;
    qint64 skipped = 0; // non-finite errors left out (NaN of masked pixels, inf of an overflow)
    std::vector<std::pair<double, double>> percentiles; // (50, v), (90, v), (95, v), (99, v)
    std::vector<double> histogramEdges; // bins + 1 edges; empty when count is 0
    std::vector<qint64> histogramCounts;
    double thresholdPercentile = 99.0;
    double threshold = std::numeric_limits<double>::quiet_NaN();
    double anomalyFraction = std::numeric_limits<double>::quiet_NaN(); // share of errors > threshold

    static constexpr int kDefaultHistogramBins = 50;

    // Non-finite errors are skipped. Throws std::invalid_argument for a threshold percentile
    // outside 0..100 or fewer than one bin.
    static ReconstructionErrors summarize(const std::vector<double> &errors,
                                          double thresholdPercentile = 99.0,
                                          int histogramBins = kDefaultHistogramBins);

    // False while the threshold is unknown (no errors were summarized).
    bool isAnomaly(double error) const { return error > threshold; }

    // {"mean", "stdDev", "minimum", "maximum", "count", "skipped",
    //  "percentiles": [{"percent", "value"}], "histogram": {"edges": [...], "counts": [...]},
    //  "thresholdPercentile", "threshold", "anomalyFraction"}; NaN is written as null.
    QJsonObject toJson() const;
};

} // namespace deepterra
