#pragma once

#include <QJsonObject>

namespace deepterra {

class TimeSeries;

// JSON view of a time series: rows, date range, frequency, gaps, and per column the missing count
// (and, with statistics, min/max/mean).
class SeriesReport
{
public:
    static QJsonObject describe(const TimeSeries &series, bool statistics);
};

} // namespace deepterra
