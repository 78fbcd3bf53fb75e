#pragma once

#include <QRect>
#include <QSize>

#include <vector>

namespace deepterra {

enum class Resampling { Nearest, Average, Bilinear, Mode };

// Which pixels to read. An output size smaller than the window decimates the read, and GDAL then
// takes the nearest overview level, so a thumbnail of a huge raster costs a thumbnail's I/O.
struct RasterReadRequest
{
    std::vector<int> bands; // 1-based; empty means all bands
    QRect window; // empty means the whole raster
    QSize outputSize; // empty means the window's size
    Resampling resampling = Resampling::Nearest;
};

} // namespace deepterra
