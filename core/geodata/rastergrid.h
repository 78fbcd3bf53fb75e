#pragma once

#include "geodata/crsinfo.h"
#include "geodata/geotransform.h"

namespace deepterra {

struct RasterInfo;

// The pixel grid of a raster: size, georeferencing and CRS. Labels, DEM derivatives and
// predictions are aligned onto an image's grid.
struct RasterGrid
{
    int width = 0;
    int height = 0;
    GeoTransform geoTransform;
    CrsInfo crs;

    static RasterGrid of(const RasterInfo &info);
    bool isValid() const { return width > 0 && height > 0; }
    QRectF extent() const { return geoTransform.extent(width, height); }
    // Same size, same transform (within a small fraction of a pixel) and the same CRS.
    bool isAlignedWith(const RasterGrid &other) const;
};

} // namespace deepterra
