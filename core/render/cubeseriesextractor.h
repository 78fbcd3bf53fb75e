#pragma once

#include "geodata/crsinfo.h"
#include "series/seriesorigin.h"
#include "series/timeseries.h"

#include <QPointF>
#include <QRectF>
#include <QString>

namespace deepterra {

class Feedback;

// Extracts a time series from a NetCDF cube where the user clicked or dragged on the map: the
// map's coordinates are taken into the cube's grid first. A cube without georeferencing is drawn
// in its pixel space turned north-up (x = column, y = -row; MapRasterReader::displayTransform), and
// its map coordinates are read the same way here.
class CubeSeriesExtractor
{
public:
    // The series of the cell under `mapPoint`. Throws DataError naming the file for an unknown
    // variable, a point outside the grid, or no transformation from the map's CRS.
    static TimeSeries atMapPoint(const QString &path, const QString &variable, const QPointF &mapPoint,
                                 const CrsInfo &mapCrs);
    // The mean over the cells whose centres lie in `mapRect` (normalised, in the map's CRS),
    // NaN for a time step without a valid cell. Throws DataError as atMapPoint, and when the
    // rectangle holds no cell centre. JobCanceled when the feedback is cancelled.
    static TimeSeries areaMean(const QString &path, const QString &variable, const QRectF &mapRect,
                               const CrsInfo &mapCrs, Feedback *feedback = nullptr);

    // Where those series come from in longitude and latitude, for a series layer that training
    // reads again without the map: the centre of the cell under `mapPoint`, or the box around the
    // centres of the cells in `mapRect` (the same cells on a lon/lat grid; on a projected or
    // curvilinear grid the box may take in a few more). Through the cube's CRS, or for a cube
    // without one, its lon/lat coordinate variables. Throws DataError as atMapPoint, and when
    // neither exists.
    static SeriesOrigin originAtMapPoint(const QString &path, const QString &variable,
                                         const QPointF &mapPoint, const CrsInfo &mapCrs);
    static SeriesOrigin originOverMapRect(const QString &path, const QString &variable, const QRectF &mapRect,
                                          const CrsInfo &mapCrs);
};

} // namespace deepterra
