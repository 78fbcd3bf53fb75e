#pragma once

// Core-private: GDAL handles in the signatures. Only core/render .cpp files include this.

#include "geodata/rasterinfo.h"

#include <gdal.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace deepterra {

// What the map's raster readers share about a raster's bands.
class BandPixels
{
public:
    // `requested` (1-based), or every band when empty. Throws DataError naming the raster for a
    // band it does not have.
    static std::vector<int> resolveBands(const RasterInfo &info, const std::vector<int> &requested);
    // valid[i] = 0 where values[i] is NaN, the band's NoData, or 0 in `mask` (may be null).
    static void markValidity(GDALRasterBandH band, const float *values, std::uint8_t *valid,
                             std::size_t count, const std::uint8_t *mask);
};

} // namespace deepterra
