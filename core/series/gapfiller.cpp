#include "series/gapfiller.h"

#include "common/dataerror.h"
#include "series/seriesfrequency.h"

#include <cmath>
#include <limits>

namespace deepterra {

TimeSeries GapFiller::fill(const TimeSeries &series, GapFillMethod method)
{
    const SeriesFrequency frequency = SeriesFrequency::detect(series.times);
    if (!frequency.isRegular())
        throw DataError(
            series.source,
            QStringLiteral("the time steps are irregular, so there are no missing timestamps to fill"));

    TimeSeries filled;
    filled.source = series.source;
    for (const TimeSeriesColumn &column : series.columns)
        filled.columns.push_back({ column.name, {} });
    for (std::size_t row = 0; row < series.times.size(); ++row) {
        if (row > 0) {
            const QDateTime &previous = series.times[row - 1];
            const int steps = frequency.stepsBetween(previous, series.times[row]).value_or(1);
            for (int s = 1; s < steps; ++s) {
                filled.times.push_back(frequency.advance(previous, s));
                for (TimeSeriesColumn &column : filled.columns)
                    column.values.push_back(std::numeric_limits<double>::quiet_NaN());
            }
        }
        filled.times.push_back(series.times[row]);
        for (std::size_t c = 0; c < series.columns.size(); ++c)
            filled.columns[c].values.push_back(series.columns[c].values[row]);
    }
    if (method == GapFillMethod::Linear)
        for (TimeSeriesColumn &column : filled.columns)
            interpolateLinear(filled.times, column.values);
    return filled;
}

void GapFiller::interpolateLinear(const std::vector<QDateTime> &times, std::vector<double> &values)
{
    std::size_t lastValid = values.size();
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::isnan(values[i]))
            continue;
        if (lastValid < values.size() && i > lastValid + 1) {
            const double span = double(times[lastValid].msecsTo(times[i]));
            for (std::size_t k = lastValid + 1; k < i; ++k) {
                const double fraction = double(times[lastValid].msecsTo(times[k])) / span;
                values[k] = values[lastValid] + fraction * (values[i] - values[lastValid]);
            }
        }
        lastValid = i;
    }
}

} // namespace deepterra
