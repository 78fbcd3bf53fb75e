#include "statistics/bandstatistics.h"

#include <cmath>
#include <limits>

namespace deepterra {

double BandStatistics::percentile(double percent) const
{
    for (const auto &[computedPercent, value] : percentiles)
        if (std::abs(computedPercent - percent) < 1e-9)
            return value;
    return std::numeric_limits<double>::quiet_NaN();
}

} // namespace deepterra
