#pragma once

#include <QDateTime>
#include <QString>

namespace deepterra {

// Decodes the values of a CF time coordinate ("hours since 2001-12-31T23:00:00Z") to UTC.
//
// Units: second(s)/sec/s, minute(s)/min, hour(s)/hr/h, day(s)/d, week(s), month(s), year(s)/yr,
// in any case (CF files use "Hour" and "hours" alike). Months and years are calendar months and
// years, as monthly and yearly climate files mean them, not UDUNITS' fixed 30.44/365.24 days; a
// fraction is a share of the month or year that follows the whole part.
// Reference: "1900-01-01", "1950-01-01 00:00:00", "2001-12-31T23:00:00Z", "1-1-1 0:0:0.0",
// optionally followed by Z, UTC or an offset ("+05:00"), which is taken into account.
// Calendars: standard and gregorian (treated as proleptic_gregorian, which they equal from
// 1582-10-15 on; earlier dates are refused), proleptic_gregorian, noleap/365_day and 360_day.
// Dates of the model calendars map field by field onto the Gregorian one (noleap 2001-03-01
// stays 2001-03-01); a 360_day date the Gregorian calendar lacks (Feb 29 in a common year,
// Feb 30) has no QDateTime and decodes as an invalid one. julian, all_leap/366_day and none are
// not supported.
class CfTimeAxis
{
public:
    enum class Unit { Second, Minute, Hour, Day, Week, Month, Year };
    enum class Calendar { ProlepticGregorian, Standard, NoLeap, Day360 };

    // Throws DataError(QString(), cause) for units that are not "<unit> since <date>" and for an
    // unsupported calendar; an empty calendar means standard.
    static CfTimeAxis parse(const QString &units, const QString &calendar = {});

    bool isValid() const { return m_valid; }
    Unit unit() const { return m_unit; }
    Calendar calendar() const { return m_calendar; }
    // An invalid QDateTime for a non-finite value, a date out of range, or one without a
    // Gregorian equivalent (see above).
    QDateTime toDateTime(double value) const;

private:
    struct Fields
    {
        int year = 0;
        int month = 1;
        int day = 1;
    };
    qint64 dayNumber(const Fields &date) const;
    Fields fromDayNumber(qint64 day) const;
    int monthLength(int year, int month) const;
    Fields addMonths(const Fields &date, int months) const; // clamps the day to the month's length
    QDateTime toUtc(qint64 day, qint64 msOfDay) const;

    bool m_valid = false;
    Unit m_unit = Unit::Day;
    Calendar m_calendar = Calendar::Standard;
    Fields m_reference;
    qint64 m_referenceMsOfDay = 0; // already corrected by the reference's UTC offset
};

} // namespace deepterra
