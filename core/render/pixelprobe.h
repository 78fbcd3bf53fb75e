#pragma once

#include "geodata/crsinfo.h"

#include <QPoint>
#include <QPointF>

#include <vector>

namespace deepterra {

class RasterDataset;

// What a raster holds under one map point, for the status bar.
struct PixelSample
{
    bool inside = false; // false: the point lies outside the raster (or cannot be transformed)
    QPoint pixel; // column and row, 0-based
    std::vector<int> bands; // 1-based
    std::vector<double> values; // per band
    std::vector<bool> valid; // false where the pixel is NoData, masked or NaN
};

class PixelProbe
{
public:
    // The full-resolution pixel under `mapPoint`, given in `mapCrs` (transformed into the raster's
    // display CRS first, see MapRasterReader; an invalid CRS on either side means the same
    // coordinates). `bands` empty means all.
    // Throws DataError naming the raster for an unknown band or an unreadable pixel.
    static PixelSample sample(const RasterDataset &dataset, const QPointF &mapPoint, const CrsInfo &mapCrs,
                              const std::vector<int> &bands = {});
};

} // namespace deepterra
