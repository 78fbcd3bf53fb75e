#pragma once

#include "series/seriesfrequency.h"
#include "series/timeseries.h"

#include <QDateTime>

#include <vector>

namespace deepterra {

// Timestamps missing between two consecutive rows of a regular series.
struct SeriesGap
{
    QDateTime after; // the last row before the gap
    QDateTime before; // the first row after it
    int missingSteps = 0;
};

// What is missing from a series: whole timestamps (gaps in the time axis) and values (NaN cells).
struct GapReport
{
    SeriesFrequency frequency;
    int rows = 0;
    int expectedRows = 0; // rows + missingTimestamps for a regular series, rows otherwise
    int missingTimestamps = 0;
    std::vector<SeriesGap> gaps;
    std::vector<int> missingValuesPerColumn; // NaN cells per column, in column order
    QDateTime first;
    QDateTime last;
    // Intervals that are no whole multiple of the frequency's step (a time off the grid); such
    // intervals are neither gaps nor counted in missingTimestamps.
    int offGridIntervals = 0;

    static GapReport analyse(const TimeSeries &series);
};

} // namespace deepterra
