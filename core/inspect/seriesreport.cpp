#include "inspect/seriesreport.h"

#include "series/gapreport.h"
#include "series/timeseries.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

namespace deepterra {

namespace {
QString isoTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}
} // namespace

QJsonObject SeriesReport::describe(const TimeSeries &series, bool statistics)
{
    const GapReport gaps = GapReport::analyse(series);
    QJsonObject report;
    report.insert(QStringLiteral("rows"), series.rowCount());
    report.insert(QStringLiteral("dateRange"),
                  QJsonObject { { QStringLiteral("first"), isoTime(gaps.first) },
                                { QStringLiteral("last"), isoTime(gaps.last) } });
    report.insert(QStringLiteral("frequency"), gaps.frequency.label());
    report.insert(QStringLiteral("regular"), gaps.frequency.isRegular());
    QJsonObject gapJson { { QStringLiteral("expectedRows"), gaps.expectedRows },
                          { QStringLiteral("missingTimestamps"), gaps.missingTimestamps },
                          { QStringLiteral("gapCount"), int(gaps.gaps.size()) } };
    QJsonArray largest;
    std::vector<SeriesGap> sorted = gaps.gaps;
    std::sort(sorted.begin(), sorted.end(),
              [](const SeriesGap &a, const SeriesGap &b) { return a.missingSteps > b.missingSteps; });
    for (std::size_t i = 0; i < sorted.size() && i < 5; ++i)
        largest.append(QJsonObject { { QStringLiteral("after"), isoTime(sorted[i].after) },
                                     { QStringLiteral("before"), isoTime(sorted[i].before) },
                                     { QStringLiteral("missingSteps"), sorted[i].missingSteps } });
    if (!largest.isEmpty())
        gapJson.insert(QStringLiteral("largest"), largest);
    report.insert(QStringLiteral("gaps"), gapJson);

    QJsonArray columns;
    for (const TimeSeriesColumn &column : series.columns) {
        QJsonObject c { { QStringLiteral("name"), column.name },
                        { QStringLiteral("missing"), column.missingCount() } };
        if (statistics) {
            double minimum = std::numeric_limits<double>::infinity();
            double maximum = -minimum;
            double sum = 0.0;
            int count = 0;
            for (double v : column.values) {
                if (std::isnan(v))
                    continue;
                minimum = std::min(minimum, v);
                maximum = std::max(maximum, v);
                sum += v;
                ++count;
            }
            if (count > 0) {
                c.insert(QStringLiteral("min"), minimum);
                c.insert(QStringLiteral("max"), maximum);
                c.insert(QStringLiteral("mean"), sum / count);
            }
        }
        columns.append(c);
    }
    report.insert(QStringLiteral("columns"), columns);
    return report;
}

} // namespace deepterra
