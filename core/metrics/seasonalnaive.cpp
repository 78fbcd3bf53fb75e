#include "metrics/seasonalnaive.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace deepterra {

namespace {

// The number of steps of `step` in `cycle`, 0 when they do not divide it.
int stepsIn(int cycle, int step)
{
    return step > 0 && cycle % step == 0 ? cycle / step : 0;
}

} // namespace

SeasonalNaive::SeasonalNaive(int seasonLength)
    : m_length(std::max(0, seasonLength))
{ }

int SeasonalNaive::seasonLengthFor(const SeriesFrequency &frequency)
{
    switch (frequency.unit) {
    case SeriesFrequency::Unit::Month:
        return stepsIn(12, frequency.step);
    case SeriesFrequency::Unit::Week:
        return frequency.step == 1 ? 52 : 0;
    case SeriesFrequency::Unit::Day:
        return stepsIn(365, frequency.step);
    case SeriesFrequency::Unit::Hour:
        return stepsIn(24, frequency.step);
    case SeriesFrequency::Unit::Minute:
        return stepsIn(24 * 60, frequency.step);
    case SeriesFrequency::Unit::Second:
        return stepsIn(24 * 60 * 60, frequency.step);
    case SeriesFrequency::Unit::Year:
    case SeriesFrequency::Unit::Irregular:
        break;
    }
    return 0;
}

SeasonalNaive SeasonalNaive::forSeries(const SeriesFrequency &frequency, qint64 trainingCount)
{
    const int length = seasonLengthFor(frequency);
    // A season of one step would be persistence under another name.
    if (length < 2 || trainingCount < length)
        return SeasonalNaive();
    return SeasonalNaive(length);
}

double SeasonalNaive::forecast(const std::vector<double> &values, std::size_t origin, int step) const
{
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    if (m_length < 1 || step < 1 || origin >= values.size())
        return kNaN;
    const std::size_t m = std::size_t(m_length);
    const std::size_t target = origin + std::size_t(step);
    // The first season back that is not after the origin: k = ceil(step / m).
    std::size_t back = (std::size_t(step) + m - 1) / m * m;
    for (; back <= target; back += m)
        if (std::isfinite(values[target - back]))
            return values[target - back];
    return kNaN;
}

} // namespace deepterra
