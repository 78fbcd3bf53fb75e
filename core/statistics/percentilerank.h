#pragma once

#include <QtGlobal>

namespace deepterra {

// Where a percentile falls among `count` sorted values, by numpy.percentile's default ("linear")
// definition: at position (count - 1) * percent / 100, interpolated between its two neighbours.
struct PercentileRank
{
    qint64 lower = 0; // 0-based ranks
    qint64 upper = 0;
    double fraction = 0.0;

    static PercentileRank of(qint64 count, double percent);
    // The value between the values at `lower` and `upper`, computed as numpy does (from the nearer
    // end) so that equal inputs give bit-identical results.
    double interpolate(double lowerValue, double upperValue) const;
};

} // namespace deepterra
