#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace deepterra {

// The cycle a climatology averages over: the mean of all Januaries, of all ISO weeks 12, of
// all 14:00 hours...
enum class Season { None, MonthOfYear, WeekOfYear, DayOfYear, HourOfDay };

// The key of `time` in that cycle, read in the time's own time spec (the series readers give UTC):
// month 1..12, ISO week 1..53, hour 0..23, and for DayOfYear month * 100 + day. A calendar day
// rather than QDate::dayOfYear(), so that March 1 is the same key in leap and common years;
// February 29 shares February 28's key, which has four times as many samples. None gives one key
// for every time; an invalid time gives nullopt.
std::optional<int> seasonKey(const QDateTime &time, Season season);

// "none", "month", "week", "day", "hour": the spelling stored in project and run files.
QString seasonName(Season season);
std::optional<Season> seasonFromName(const QString &name); // case-insensitive

} // namespace deepterra
