#include "series/seriesfrequency.h"

#include <limits>
#include <map>

namespace deepterra {

namespace {

qint64 secondsPerUnit(SeriesFrequency::Unit unit)
{
    switch (unit) {
    case SeriesFrequency::Unit::Second:
        return 1;
    case SeriesFrequency::Unit::Minute:
        return 60;
    case SeriesFrequency::Unit::Hour:
        return 3600;
    case SeriesFrequency::Unit::Day:
        return 86400;
    case SeriesFrequency::Unit::Week:
        return qint64(7) * 86400;
    default:
        return 0; // calendar units have no fixed length
    }
}

bool isMonthEnd(const QDate &date)
{
    return date.day() == date.daysInMonth();
}

int monthIndex(const QDate &date)
{
    return date.year() * 12 + date.month() - 1;
}

// The interval between two consecutive times, as the coarsest unit that measures it exactly.
SeriesFrequency classify(const QDateTime &a, const QDateTime &b)
{
    using Unit = SeriesFrequency::Unit;
    const QDate da = a.date(), db = b.date();
    const bool sameDayOfMonth = da.day() == db.day() || (isMonthEnd(da) && isMonthEnd(db));
    const int months = monthIndex(db) - monthIndex(da);
    if (months > 0 && sameDayOfMonth && a.time() == b.time()) {
        if (months % 12 == 0 && da.month() == db.month())
            return { Unit::Year, months / 12 };
        return { Unit::Month, months };
    }
    const qint64 msecs = a.msecsTo(b);
    if (msecs <= 0 || msecs % 1000 != 0)
        return { Unit::Irregular, 1 };
    const qint64 seconds = msecs / 1000;
    for (Unit unit : { Unit::Week, Unit::Day, Unit::Hour, Unit::Minute, Unit::Second }) {
        const qint64 length = secondsPerUnit(unit);
        if (seconds % length == 0 && seconds / length <= std::numeric_limits<int>::max())
            return { unit, int(seconds / length) };
    }
    return { Unit::Irregular, 1 };
}

QString plural(int step, const char *singular)
{
    return QStringLiteral("every %1 %2s").arg(step).arg(QLatin1String(singular));
}

} // namespace

QString SeriesFrequency::label() const
{
    const bool one = step == 1;
    switch (unit) {
    case Unit::Second:
        return one ? QStringLiteral("every second") : plural(step, "second");
    case Unit::Minute:
        return one ? QStringLiteral("every minute") : plural(step, "minute");
    case Unit::Hour:
        return one ? QStringLiteral("hourly") : plural(step, "hour");
    case Unit::Day:
        return one ? QStringLiteral("daily") : plural(step, "day");
    case Unit::Week:
        return one ? QStringLiteral("weekly") : plural(step, "week");
    case Unit::Month:
        if (step == 3)
            return QStringLiteral("quarterly");
        return one ? QStringLiteral("monthly") : plural(step, "month");
    case Unit::Year:
        return one ? QStringLiteral("yearly") : plural(step, "year");
    case Unit::Irregular:
        break;
    }
    return QStringLiteral("irregular");
}

QDateTime SeriesFrequency::advance(const QDateTime &t, int steps) const
{
    if (unit == Unit::Month || unit == Unit::Year) {
        const int months = steps * step * (unit == Unit::Year ? 12 : 1);
        QDate date = t.date().addMonths(months); // clamps Jan 31 + 1 month to Feb 28/29
        if (isMonthEnd(t.date()))
            date = QDate(date.year(), date.month(), date.daysInMonth());
        QDateTime advanced = t;
        advanced.setDate(date);
        return advanced;
    }
    const qint64 length = secondsPerUnit(unit);
    if (length == 0)
        return t;
    return t.addSecs(length * step * steps);
}

std::optional<int> SeriesFrequency::stepsBetween(const QDateTime &from, const QDateTime &to) const
{
    if (!isRegular() || to < from)
        return std::nullopt;
    if (unit == Unit::Month || unit == Unit::Year) {
        const int perStep = step * (unit == Unit::Year ? 12 : 1);
        const int months = monthIndex(to.date()) - monthIndex(from.date());
        if (months % perStep != 0)
            return std::nullopt;
        const int steps = months / perStep;
        if (advance(from, steps) != to)
            return std::nullopt;
        return steps;
    }
    const qint64 msecs = from.msecsTo(to);
    const qint64 length = secondsPerUnit(unit) * step * 1000;
    if (msecs % length != 0 || msecs / length > std::numeric_limits<int>::max())
        return std::nullopt;
    return int(msecs / length);
}

SeriesFrequency SeriesFrequency::detect(const std::vector<QDateTime> &times)
{
    if (times.size() < 2)
        return {};
    std::map<std::pair<int, int>, int> counts;
    for (std::size_t i = 1; i < times.size(); ++i) {
        const SeriesFrequency interval = classify(times[i - 1], times[i]);
        if (interval.isRegular())
            ++counts[{ int(interval.unit), interval.step }];
    }
    if (counts.empty())
        return {};
    // Most common; on a tie the finer unit and smaller step, which the coarser intervals are
    // more likely to be multiples of.
    auto best = counts.begin();
    for (auto it = counts.begin(); it != counts.end(); ++it)
        if (it->second > best->second)
            best = it;
    SeriesFrequency frequency { Unit(best->first.first), best->first.second };

    int onGrid = 0;
    for (std::size_t i = 1; i < times.size(); ++i)
        if (frequency.stepsBetween(times[i - 1], times[i]).value_or(0) > 0)
            ++onGrid;
    if (2 * onGrid < int(times.size() - 1))
        return {};
    return frequency;
}

} // namespace deepterra
