#pragma once

#include <QtGlobal>

#include <vector>

namespace deepterra {

struct StatisticsOptions
{
    // Reads a decimated view instead of every pixel (see approximatePixelBudget).
    bool approximate = false;
    // Percents between 0 and 100, numpy.percentile's default (linear) definition.
    std::vector<double> percentiles { 2, 25, 50, 75, 98 };
    // Approximate mode reads a decimated view (overviews when the raster has them) of about this
    // many pixels per band; a raster no larger than that is read whole and its statistics are exact.
    qint64 approximatePixelBudget = 1'000'000;
    // Bins of the exact mode's percentile histogram for float data, and for integer data whose range
    // is too wide for one bin per value: a percentile is then off by less than (max - min) / bins.
    int histogramBins = 1 << 16;
    // Exact mode reads strips of whole rows holding about this many pixels, all bands together
    // (5 bytes each: a float and a validity flag), so ~20 MiB by default; at least one row.
    qint64 stripPixelBudget = qint64(1) << 22;
};

} // namespace deepterra
