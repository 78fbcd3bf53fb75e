#include "metrics/season.h"

#include <array>
#include <utility>

namespace deepterra {

namespace {
const std::array<std::pair<Season, const char *>, 5> kNames = { {
    { Season::None, "none" },
    { Season::MonthOfYear, "month" },
    { Season::WeekOfYear, "week" },
    { Season::DayOfYear, "day" },
    { Season::HourOfDay, "hour" },
} };
} // namespace

std::optional<int> seasonKey(const QDateTime &time, Season season)
{
    if (!time.isValid())
        return std::nullopt;
    const QDate date = time.date();
    switch (season) {
    case Season::None:
        return 0;
    case Season::MonthOfYear:
        return date.month();
    case Season::WeekOfYear:
        return date.weekNumber();
    case Season::DayOfYear: {
        const int day = (date.month() == 2 && date.day() == 29) ? 28 : date.day();
        return date.month() * 100 + day;
    }
    case Season::HourOfDay:
        return time.time().hour();
    }
    return std::nullopt;
}

QString seasonName(Season season)
{
    for (const auto &entry : kNames)
        if (entry.first == season)
            return QString::fromLatin1(entry.second);
    return {};
}

std::optional<Season> seasonFromName(const QString &name)
{
    const QString trimmed = name.trimmed();
    for (const auto &entry : kNames)
        if (trimmed.compare(QLatin1String(entry.second), Qt::CaseInsensitive) == 0)
            return entry.first;
    return std::nullopt;
}

} // namespace deepterra
