#pragma once

class QString;

namespace deepterra {

class Feedback;
class RasterDataset;

// GDAL 3.6's aspect with -zero_for_flat writes 0 for NoData pixels too and declares no NoData
// value, so holes in the DEM would pass for flat ground. This pass puts the NoData value back where
// GDAL's rule puts it without -zero_for_flat: on invalid DEM pixels and, without computeEdges, on
// the raster's border and next to invalid pixels. It streams strips of rows through the written
// aspect raster (update mode), so memory stays proportional to a strip.
class AspectNoDataRestorer
{
public:
    // Throws DataError naming `aspectPath` when it cannot be updated.
    static void apply(const QString &aspectPath, const RasterDataset &dem, double noData, bool computeEdges,
                      Feedback *feedback);
};

} // namespace deepterra
