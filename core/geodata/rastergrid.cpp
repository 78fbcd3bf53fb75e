#include "geodata/rastergrid.h"

#include "geodata/rasterinfo.h"

#include <cmath>

namespace deepterra {

RasterGrid RasterGrid::of(const RasterInfo &info)
{
    RasterGrid grid;
    grid.width = info.width;
    grid.height = info.height;
    grid.geoTransform = info.geoTransform;
    grid.crs = info.crs;
    return grid;
}

bool RasterGrid::isAlignedWith(const RasterGrid &other) const
{
    if (width != other.width || height != other.height)
        return false;
    const auto &a = geoTransform.coefficients();
    const auto &b = other.geoTransform.coefficients();
    const double tolerance = 1e-3 * std::min(geoTransform.pixelWidth(), other.geoTransform.pixelWidth());
    for (std::size_t i = 0; i < 6; ++i)
        if (std::abs(a[i] - b[i]) > tolerance)
            return false;
    return crs.isSameAs(other.crs);
}

} // namespace deepterra
