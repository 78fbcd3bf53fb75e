#pragma once

#include "geodata/rasterbuffer.h"
#include "geodata/rastergrid.h"
#include "geodata/rasterreadrequest.h"

#include <QString>

#include <vector>

namespace deepterra {

class Feedback;

// Puts a raster on another raster's grid: GDAL's warper with the target's size, transform and CRS.
class RasterWarper
{
public:
    // Warps band(s) of any GDAL raster onto `target` (size, transform, CRS) and returns the pixels
    // with a validity mask (pixels outside the source or NoData are invalid). Nearest for classes,
    // bilinear/average for continuous data. `bands` are 1-based, empty means all; the buffer's
    // window is empty (it has no source window). Source pixel positions are computed to within
    // 0.001 pixel, so that nearest neighbour picks the pixel under each target pixel's centre.
    // Throws DataError for a missing or unreadable file, an unknown band, exactly one of the two
    // grids without a CRS, or a failed warp; a source that does not overlap the target is not an
    // error here: every pixel is then invalid. Throws JobCanceled when `feedback` is cancelled.
    static RasterBuffer warpToGrid(const QString &path, const RasterGrid &target,
                                   const std::vector<int> &bands = {},
                                   Resampling resampling = Resampling::Nearest, Feedback *feedback = nullptr);
};

} // namespace deepterra
