#pragma once

#include "statistics/bandstatistics.h"
#include "statistics/statisticsoptions.h"

#include <vector>

namespace deepterra {

class Feedback;
class RasterDataset;

// Per-band statistics of a raster of any size, in memory proportional to a strip of rows (exact
// mode) or to the pixel budget (approximate mode), never to the raster. Nothing is written beside
// the raster (no .aux.xml).
//
// Exact mode streams the raster twice in row strips: the first pass gives count, minimum, maximum,
// mean and standard deviation (per-strip two-pass sums merged with Chan's formula, numerically
// stable); the second fills a histogram between minimum and maximum for the percentiles. Integer
// bands whose values span at most 2^20 integers (and lie within +-2^24, where the float read is exact)
// get one bin per value, and their percentiles are exactly numpy.percentile's (linear). Other bands
// get StatisticsOptions::histogramBins equal bins and a percentile interpolated inside its bin, off
// by less than (max - min) / histogramBins; the 0th and 100th percentiles are the exact min and max.
//
// Besides the strip (StatisticsOptions::stripPixelBudget), each band's histogram takes at most 8 MiB
// (integer bins) or 16 bytes per bin (1 MiB by default). GDAL's process-wide block cache
// (GDAL_CACHEMAX, 5% of RAM by default) comes on top, as for any read.
//
// Approximate mode reads each band once as a decimated view of about approximatePixelBudget pixels
// (GDAL picks the overview level) and computes everything, percentiles included, on that sample.
class RasterStatistics
{
public:
    // `bands` are 1-based; empty means all. Throws DataError for an unknown band or unreadable
    // pixels, std::invalid_argument for a percent outside 0..100, JobCanceled when the feedback is
    // cancelled (checked per strip, or per band in approximate mode).
    static std::vector<BandStatistics> compute(const RasterDataset &dataset,
                                               const std::vector<int> &bands = {},
                                               const StatisticsOptions &options = {},
                                               Feedback *feedback = nullptr);
};

} // namespace deepterra
