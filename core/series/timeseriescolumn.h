#pragma once

#include <QString>

#include <vector>

namespace deepterra {

// One value column of a time series, aligned with TimeSeries::times. Missing values are NaN so
// that they can never be mistaken for data (no -999 or 0 sneaks through).
struct TimeSeriesColumn
{
    QString name;
    std::vector<double> values;

    int missingCount() const;
};

} // namespace deepterra
