#include "statistics/percentilerank.h"

#include <algorithm>
#include <cmath>

namespace deepterra {

PercentileRank PercentileRank::of(qint64 count, double percent)
{
    PercentileRank rank;
    if (count <= 0)
        return rank;
    const double position = double(count - 1) * (percent / 100.0);
    rank.lower = std::clamp(qint64(std::floor(position)), qint64(0), count - 1);
    rank.upper = std::min(rank.lower + 1, count - 1);
    rank.fraction = position - double(rank.lower);
    return rank;
}

double PercentileRank::interpolate(double lowerValue, double upperValue) const
{
    const double difference = upperValue - lowerValue;
    if (fraction >= 0.5)
        return upperValue - difference * (1.0 - fraction);
    return lowerValue + difference * fraction;
}

} // namespace deepterra
