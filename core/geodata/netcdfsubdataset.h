#pragma once

#include <QString>

#include <optional>

namespace deepterra {

// One variable of a NetCDF file as GDAL names it: NETCDF:"file.nc":variable (the quotes may be
// left out when the path holds no colon). Project layers keep the file and the variable apart, so
// that the file's path can be made relative to the project; GDAL wants them joined.
struct NetCdfSubdataset
{
    QString path;
    QString variable;

    // Empty for anything that is not a NETCDF: subdataset name, or one without a variable.
    static std::optional<NetCdfSubdataset> parse(const QString &name);
    QString toString() const;
};

} // namespace deepterra
