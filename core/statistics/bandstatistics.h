#pragma once

#include <QtGlobal>

#include <utility>
#include <vector>

namespace deepterra {

// Statistics of one band over its valid pixels (not NoData, not masked, not NaN or infinite), on
// the stored values (a band's scale and offset are not applied). stdDev is the population standard
// deviation (numpy's default, ddof = 0). A band without a valid pixel has validCount 0 and NaN
// everywhere else.
struct BandStatistics
{
    int band = 0; // 1-based
    double minimum = 0;
    double maximum = 0;
    double mean = 0;
    double stdDev = 0;
    // The pixels looked at and the valid ones among them: the whole band in exact mode, the
    // decimated view in approximate mode.
    qint64 validCount = 0;
    qint64 pixelCount = 0;
    // True when computed from a decimated view: every figure, minimum and maximum included, is then
    // an estimate.
    bool approximate = false;
    std::vector<std::pair<double, double>> percentiles; // (percent, value)

    // The value for a percent that was asked for; NaN for one that was not computed.
    double percentile(double percent) const;
};

} // namespace deepterra
