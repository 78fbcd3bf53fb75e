#pragma once

#include "geodata/rastergrid.h"
#include "series/netcdfvariable.h"
#include "series/timeseries.h"

#include <QPointF>
#include <QRectF>
#include <QString>

#include <memory>
#include <vector>

namespace deepterra {

class Feedback;

// A NetCDF variable of shape (time, y, x), read through GDAL's netCDF driver: each band is one
// time step, decoded from the CF time coordinate. Values flagged as NoData (_FillValue,
// missing_value) or NaN become NaN in the series. Not thread-safe, like RasterDataset.
class NetCdfCube
{
public:
    // Every variable of the file, coordinates included. Throws DataError for a missing file or
    // one that is not NetCDF.
    static std::vector<NetCdfVariable> listVariables(const QString &path);
    // An empty name picks the first gridded variable with a time axis. Throws DataError(path, ...)
    // for an unknown variable, one without a (decodable) time axis, one with dimensions other
    // than time, y and x, or a file that does not open.
    static NetCdfCube open(const QString &path, const QString &variable = {});

    NetCdfCube(NetCdfCube &&other) noexcept;
    NetCdfCube &operator=(NetCdfCube &&other) noexcept;
    ~NetCdfCube();

    const QString &path() const;
    const NetCdfVariable &variable() const;
    const std::vector<QDateTime> &times() const; // ascending
    // Georeferencing of one time slice. Without georeferencing in the file the geotransform is
    // the identity, so that map coordinates are pixel coordinates (y down); the CRS may be empty.
    RasterGrid grid() const;

    // The cell holding the point, in the grid's map coordinates. DataError if outside.
    TimeSeries seriesAtMapPoint(const QPointF &mapPoint) const;
    // Through the grid's CRS when it has one, otherwise through the file's lon/lat coordinate
    // variables (the nearest cell). DataError if outside or when neither exists.
    TimeSeries seriesAtLonLat(double lon, double lat) const;
    // Unweighted mean of the valid cells whose centres lie in the rectangle (map coordinates);
    // an empty rectangle means the whole grid. NaN for a time step without a valid cell.
    TimeSeries areaMean(const QRectF &mapRect = QRectF()) const;
    TimeSeries areaMean(const QRectF &mapRect, Feedback *feedback) const;

private:
    struct Private;
    explicit NetCdfCube(std::unique_ptr<Private> d);
    TimeSeries seriesAtCell(const QPoint &cell, const QString &where) const;
    std::unique_ptr<Private> d;
};

} // namespace deepterra
