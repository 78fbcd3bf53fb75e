#include "series/gapreport.h"

namespace deepterra {

GapReport GapReport::analyse(const TimeSeries &series)
{
    GapReport report;
    report.rows = series.rowCount();
    report.expectedRows = report.rows;
    for (const TimeSeriesColumn &column : series.columns)
        report.missingValuesPerColumn.push_back(column.missingCount());
    if (series.times.empty())
        return report;
    report.first = series.times.front();
    report.last = series.times.back();
    report.frequency = SeriesFrequency::detect(series.times);
    if (!report.frequency.isRegular())
        return report;

    for (std::size_t i = 1; i < series.times.size(); ++i) {
        const QDateTime &after = series.times[i - 1];
        const QDateTime &before = series.times[i];
        const auto steps = report.frequency.stepsBetween(after, before);
        if (!steps || *steps == 0) {
            ++report.offGridIntervals;
        } else if (*steps > 1) {
            report.gaps.push_back({ after, before, *steps - 1 });
            report.missingTimestamps += *steps - 1;
        }
    }
    report.expectedRows = report.rows + report.missingTimestamps;
    return report;
}

} // namespace deepterra
