#pragma once

#include <QDateTime>
#include <QString>

#include <optional>
#include <vector>

namespace deepterra {

// The regular step of a time series. Seconds to weeks are fixed durations; months and years
// follow the calendar, and a series dated on the last day of each month keeps to month ends
// (Jan 31, Feb 28, Mar 31...).
struct SeriesFrequency
{
    enum class Unit { Irregular, Second, Minute, Hour, Day, Week, Month, Year };

    Unit unit = Unit::Irregular;
    int step = 1;

    QString label() const; // "weekly", "monthly", "hourly", "every 3 days", "irregular"
    bool isRegular() const { return unit != Unit::Irregular; }
    // t moved by steps x step units; t itself for an irregular frequency.
    QDateTime advance(const QDateTime &t, int steps = 1) const;
    // How many steps lead from `from` to `to` (>= 0), or nullopt when `to` is not on the grid
    // that starts at `from`.
    std::optional<int> stepsBetween(const QDateTime &from, const QDateTime &to) const;

    // The most common step between consecutive times. Irregular for fewer than two times, or
    // when fewer than half of the intervals are whole multiples of that step (gaps are).
    static SeriesFrequency detect(const std::vector<QDateTime> &times);

    bool operator==(const SeriesFrequency &other) const { return unit == other.unit && step == other.step; }
    bool operator!=(const SeriesFrequency &other) const { return !(*this == other); }
};

} // namespace deepterra
