#pragma once

#include "geodata/rasterbuffer.h"
#include "geodata/rastergrid.h"
#include "geodata/rasterreadrequest.h"

#include <vector>

namespace deepterra {

class RasterDataset;
struct RasterInfo;

// Reads what a map view shows of a raster: its pixels resampled (nearest neighbour) onto a
// screen-sized grid in the map's CRS. The read is decimated, so GDAL takes the overview level
// that fits the view and a 20000 x 20000 raster costs about a screen's worth of I/O.
//
// A raster in the map's CRS (its displayCrs(); or either without a CRS) with an axis-aligned geotransform is
// read directly with a fractional source window, so every output pixel takes the source pixel under its
// centre. Otherwise GDAL's warper reprojects it (gdalwarp -ovr AUTO), which also picks an overview. Target
// pixels only partly covered by the raster stay invalid.
class MapRasterReader
{
public:
    // The geotransform a raster is drawn with: its own, or for a raster without one, its pixel
    // space turned north-up (x = column, y = -row) so that its first row is drawn on top.
    static GeoTransform displayTransform(const RasterInfo &info);
    // The CRS a raster is drawn in: its own, or for a netCDF grid without one whose geotransform
    // spans longitudes and latitudes, WGS 84 longitude/latitude, as CF assumes for lat/lon
    // coordinate variables without a grid mapping. Invalid when neither applies.
    static CrsInfo displayCrs(const RasterInfo &info);

    // `bands` are 1-based, empty means all. The buffer has the target's size, the bands asked
    // for and a validity mask (NoData, masked, NaN and pixels outside the raster are invalid);
    // its window is empty. Nearest neighbour keeps pixels crisp and classes exact; bilinear suits
    // elevations seen closer than their resolution (their hillshade stays smooth). Throws
    // DataError naming the raster for an unknown band, unreadable blocks or a failed
    // reprojection.
    static RasterBuffer read(const RasterDataset &dataset, const RasterGrid &target,
                             const std::vector<int> &bands = {}, Resampling resampling = Resampling::Nearest);
};

} // namespace deepterra
