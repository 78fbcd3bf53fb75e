#pragma once

#include "geodata/bandinfo.h"
#include "geodata/crsinfo.h"
#include "geodata/geotransform.h"

#include <QRectF>
#include <QString>
#include <QStringList>

#include <vector>

namespace deepterra {

struct RasterInfo
{
    QString path;
    QString driver;
    QString driverLongName;
    int width = 0;
    int height = 0;
    std::vector<BandInfo> bands;
    CrsInfo crs;
    bool hasGeoTransform = false;
    GeoTransform geoTransform;
    QStringList subdatasets; // "NETCDF:\"file.nc\":var" for containers such as NetCDF and HDF

    int bandCount() const { return static_cast<int>(bands.size()); }
    QRectF extent() const { return geoTransform.extent(width, height); }
};

} // namespace deepterra
