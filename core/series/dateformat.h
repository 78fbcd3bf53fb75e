#pragma once

namespace deepterra {

// How dates are written in a text column.
enum class DateFormat {
    Auto, // decide from the text
    Iso, // 2001-12-31, 2001-12-31T23:00[:00[.000]][Z|+01:00], a space instead of T
    YearMonthDayCompact, // 20011231
    Year, // 2001 (January 1st)
    YearMonth, // 2001-12, 2001/12 or 200112 (the 1st of the month)
};

} // namespace deepterra
