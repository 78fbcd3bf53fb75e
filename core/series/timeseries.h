#pragma once

#include "series/timeseriescolumn.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <vector>

namespace deepterra {

// Values over time: UTC timestamps in ascending order and any number of value columns of the
// same length.
class TimeSeries
{
public:
    QString source; // the file, and for NetCDF the variable and the point or area
    std::vector<QDateTime> times;
    std::vector<TimeSeriesColumn> columns;

    int rowCount() const { return int(times.size()); }
    int columnIndex(const QString &name) const; // -1 if absent
    // Throws DataError(source, "no column named ...") when absent.
    const TimeSeriesColumn &column(const QString &name) const;
    QStringList columnNames() const;
};

} // namespace deepterra
