#pragma once

#include "series/csvseriesoptions.h"
#include "series/timeseries.h"

#include <QJsonObject>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <optional>

namespace deepterra {

class Feedback;

// Where a series comes from, written as one string so that it travels wherever a CSV file's path
// does (config.json, forecast and anomaly requests, the CLI's --series):
//   /data/co2.csv                                      a CSV file
//   NETCDF:"/data/sst.nc":sst?lon=-30.5&lat=12.25      a NetCDF variable at the cell holding a point
//   NETCDF:"/data/sst.nc":sst?box=-40,10,-20,20        its mean over west,south,east,north
// Longitudes and latitudes are in degrees. A project's series layer holds the same as its file
// and the properties variable, lon and lat, or box.
class SeriesOrigin
{
public:
    // Throws DataError(text, ...) for a NETCDF: source without a point or box, or with a
    // malformed one; anything else is a CSV file's path.
    static SeriesOrigin parse(const QString &text);
    // `properties`: a project layer's; without a variable the file is a CSV file.
    static SeriesOrigin ofLayer(const QString &filePath, const QJsonObject &properties);
    static SeriesOrigin netCdfAtPoint(const QString &filePath, const QString &variable,
                                      const QPointF &lonLat);
    static SeriesOrigin netCdfMeanOver(const QString &filePath, const QString &variable,
                                       const QRectF &lonLatBox);

    bool isNetCdf() const { return !m_variable.isEmpty(); }
    const QString &filePath() const { return m_filePath; }
    const QString &variable() const { return m_variable; }
    QString toString() const;
    // For people: "tas at 35.500° N, 80.500° W", "tas, mean over 34.500° N to 35.500° N, 78.500° W
    // to 77.500° W", or the CSV file's name.
    QString description() const;
    // The layer properties that ofLayer() reads back (empty for CSV).
    QJsonObject layerProperties() const;

    // The CSV options apply to CSV files only. Throws DataError naming the file (a missing file,
    // an unknown variable, a point or box off the grid); JobCanceled when the feedback is cancelled.
    TimeSeries read(const CsvSeriesOptions &options = {}, Feedback *feedback = nullptr) const;

private:
    QString m_filePath;
    QString m_variable;
    std::optional<QPointF> m_lonLat;
    std::optional<QRectF> m_box; // x: longitude west to east, y: latitude south to north
};

} // namespace deepterra
