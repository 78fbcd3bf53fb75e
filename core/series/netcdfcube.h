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
    // Unweighted mean of the valid cells whose centres lie in the box of longitudes (x, west to
    // east, compared modulo 360 so that 0..360 grids work) and latitudes (y, south to north), in
    // degrees, through the grid's CRS or its lon/lat coordinate variables. DataError when the box
    // holds no cell centre or neither exists; JobCanceled when the feedback is cancelled.
    TimeSeries meanOverLonLatBox(const QRectF &box, Feedback *feedback = nullptr) const;

    // The cells whose centres lie in the rectangle (map coordinates), as areaMean() takes them.
    // DataError when it holds none.
    QRect cellWindow(const QRectF &mapRect) const;
    // The longitude and latitude of every cell centre, row by row (NaN where unknown), through the
    // grid's CRS or the lon/lat coordinate variables. DataError when neither exists.
    std::vector<QPointF> cellCentresLonLat() const;

private:
    struct Private;
    explicit NetCdfCube(std::unique_ptr<Private> d);
    TimeSeries seriesAtCell(const QPoint &cell, const QString &where) const;
    // The mean over the cells of `window` whose entry in `inside` (row by row, the window's size;
    // empty: all) is set, one time slice at a time.
    TimeSeries meanOverCells(const QRect &window, const std::vector<bool> &inside, const QString &where,
                             Feedback *feedback) const;
    std::unique_ptr<Private> d;
};

} // namespace deepterra
