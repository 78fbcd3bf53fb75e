#pragma once

#include "series/dateformat.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace deepterra {

// Reads the dates of time-series files. Results are UTC; dates without a time of day are at
// midnight, and ISO times with an offset are converted to UTC.
class DateParser
{
public:
    // nullopt when the text (trimmed) is not a valid date in that format. Auto takes the format
    // that the text itself shows.
    static std::optional<QDateTime> parse(const QString &text, DateFormat format);
    // The first of Iso, YearMonthDayCompact, YearMonth, Year that reads every non-empty sample;
    // Auto when none does or there are no non-empty samples.
    static DateFormat detect(const QStringList &samples);
    static QString name(DateFormat format);
};

} // namespace deepterra
