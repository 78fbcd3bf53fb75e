#pragma once

#include "series/seriesfrequency.h"

#include <QtGlobal>

#include <cstddef>
#include <vector>

namespace deepterra {

// The seasonal naive forecast: the value one season earlier. For step h after the origin t it is
// y[t + h - k m] with the smallest k >= 1 that lands on a known value at or before the origin
// (k > 1 once the horizon is longer than the season, or where a gap sits one season back).
class SeasonalNaive
{
public:
    // No season: forecasts NaN, and ForecastEvaluation leaves it out.
    SeasonalNaive() = default;
    explicit SeasonalNaive(int seasonLength);

    // The steps of one cycle at `frequency`, 0 for none. The season is the year, as for the
    // climatology: 12 months, 52 weeks (364 days: the year's cycle at weekly resolution, as R's
    // ts(frequency = 52) takes it), 365 days, or the whole-step divisions of a year (quarterly 4,
    // 5-day pentads 73). Below a day it is the day (hourly 24, 10-minute 144), the cycle that
    // dominates sub-daily geodata. Daily data take the year rather than the week: the weekly
    // cycle belongs to human activity, not to weather or vegetation. Yearly, irregular and steps
    // that do not divide the cycle have none.
    static int seasonLengthFor(const SeriesFrequency &frequency);

    // The baseline of a series at `frequency` whose training period has `trainingCount` values:
    // left out (empty) without a season or when training holds less than one whole season, since
    // the first validation forecasts would then reach back before the series' start.
    static SeasonalNaive forSeries(const SeriesFrequency &frequency, qint64 trainingCount);

    bool isEmpty() const { return m_length < 1; }
    int seasonLength() const { return m_length; } // 0 when empty

    // The forecast for values[origin + step]; NaN when empty, for step < 1, or when no season
    // back lies a known value at or before the origin.
    double forecast(const std::vector<double> &values, std::size_t origin, int step) const;

private:
    int m_length = 0;
};

} // namespace deepterra
