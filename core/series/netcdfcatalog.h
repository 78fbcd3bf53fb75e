#pragma once

#include "series/netcdfvariable.h"

#include <QString>

#include <vector>

namespace deepterra {

// Lists the variables of a NetCDF file through GDAL's multidimensional API, which, unlike the
// classic raster view, knows every variable's dimension names and its time coordinate.
class NetCdfCatalog
{
public:
    // Throws DataError for a missing file or one GDAL's netCDF driver cannot open.
    static std::vector<NetCdfVariable> list(const QString &path);
};

} // namespace deepterra
