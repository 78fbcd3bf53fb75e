#include "series/cftimeaxis.h"

#include "common/dataerror.h"
#include "common/qtcompat.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <optional>

namespace deepterra {

namespace {

constexpr qint64 msPerDay = 86400000;
constexpr int noLeapMonthDays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
const QDate gregorianStart(1582, 10, 15);

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

std::optional<CfTimeAxis::Unit> unitOf(const QString &word)
{
    using Unit = CfTimeAxis::Unit;
    static const std::pair<const char *, Unit> names[] = {
        { "seconds", Unit::Second }, { "second", Unit::Second }, { "secs", Unit::Second },
        { "sec", Unit::Second },     { "s", Unit::Second },      { "minutes", Unit::Minute },
        { "minute", Unit::Minute },  { "mins", Unit::Minute },   { "min", Unit::Minute },
        { "hours", Unit::Hour },     { "hour", Unit::Hour },     { "hrs", Unit::Hour },
        { "hr", Unit::Hour },        { "h", Unit::Hour },        { "days", Unit::Day },
        { "day", Unit::Day },        { "d", Unit::Day },         { "weeks", Unit::Week },
        { "week", Unit::Week },      { "months", Unit::Month },  { "month", Unit::Month },
        { "years", Unit::Year },     { "year", Unit::Year },     { "yr", Unit::Year },
    };
    const QString lower = word.toLower();
    for (const auto &[name, unit] : names)
        if (lower == QLatin1String(name))
            return unit;
    return std::nullopt;
}

qint64 msPerUnit(CfTimeAxis::Unit unit)
{
    switch (unit) {
    case CfTimeAxis::Unit::Second:
        return 1000;
    case CfTimeAxis::Unit::Minute:
        return qint64(60) * 1000;
    case CfTimeAxis::Unit::Hour:
        return qint64(3600) * 1000;
    case CfTimeAxis::Unit::Day:
        return msPerDay;
    case CfTimeAxis::Unit::Week:
        return 7 * msPerDay;
    default:
        return 0;
    }
}

std::optional<CfTimeAxis::Calendar> calendarOf(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    if (lower.isEmpty() || lower == QLatin1String("standard") || lower == QLatin1String("gregorian"))
        return CfTimeAxis::Calendar::Standard;
    if (lower == QLatin1String("proleptic_gregorian"))
        return CfTimeAxis::Calendar::ProlepticGregorian;
    if (lower == QLatin1String("noleap") || lower == QLatin1String("365_day"))
        return CfTimeAxis::Calendar::NoLeap;
    if (lower == QLatin1String("360_day"))
        return CfTimeAxis::Calendar::Day360;
    return std::nullopt;
}

} // namespace

CfTimeAxis CfTimeAxis::parse(const QString &units, const QString &calendar)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^\s*([A-Za-z_]+)\s+since\s+(-?\d{1,4})-(\d{1,2})-(\d{1,2}))"
                       R"((?:(?:T|\s+)(\d{1,2}):(\d{1,2})(?::(\d{1,2}(?:\.\d*)?))?)?)"
                       R"(\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?\s*$)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = pattern.match(units);
    if (!m.hasMatch())
        throw DataError(
            QString(),
            QStringLiteral("time units '%1' are not of the form '<unit> since <date>'").arg(units));
    const auto unit = unitOf(m.captured(1));
    if (!unit)
        throw DataError(QString(),
                        QStringLiteral("unknown time unit '%1' in '%2'").arg(m.captured(1), units));
    const auto cal = calendarOf(calendar);
    if (!cal)
        throw DataError(QString(),
                        QStringLiteral("unsupported calendar '%1' (supported: standard, gregorian, "
                                       "proleptic_gregorian, noleap, 365_day, 360_day)")
                            .arg(calendar));

    CfTimeAxis axis;
    axis.m_unit = *unit;
    axis.m_calendar = *cal;
    axis.m_reference = { m.captured(2).toInt(), m.captured(3).toInt(), m.captured(4).toInt() };
    const Fields &ref = axis.m_reference;
    const int hour = m.captured(5).toInt();
    const int minute = m.captured(6).toInt();
    const double second = m.captured(7).toDouble();
    if (ref.month < 1 || ref.month > 12 || ref.day < 1 || ref.day > axis.monthLength(ref.year, ref.month)
        || hour > 23 || minute > 59 || second >= 61)
        throw DataError(
            QString(),
            QStringLiteral("the reference date in time units '%1' is not a valid date").arg(units));
    if (*cal == Calendar::Standard && QDate(ref.year, ref.month, ref.day) < gregorianStart)
        throw DataError(QString(),
                        QStringLiteral("reference dates before 1582-10-15 in the mixed Julian/Gregorian "
                                       "calendar are not supported ('%1')")
                            .arg(units));

    qint64 offsetMs = 0;
    const QString zone = m.captured(8);
    if (zone.startsWith(QLatin1Char('+')) || zone.startsWith(QLatin1Char('-'))) {
        const QStringList parts = zone.mid(1).contains(QLatin1Char(':'))
            ? zone.mid(1).split(QLatin1Char(':'))
            : QStringList { zone.mid(1, zone.size() > 3 ? 2 : -1), zone.mid(3) };
        offsetMs = (parts.value(0).toInt() * 3600 + parts.value(1).toInt() * 60) * qint64(1000);
        if (zone.startsWith(QLatin1Char('-')))
            offsetMs = -offsetMs;
    }
    axis.m_referenceMsOfDay
        = (hour * 3600 + minute * 60) * qint64(1000) + qint64(std::llround(second * 1000)) - offsetMs;
    axis.m_valid = true;
    return axis;
}

int CfTimeAxis::monthLength(int year, int month) const
{
    switch (m_calendar) {
    case Calendar::Day360:
        return 30;
    case Calendar::NoLeap:
        return noLeapMonthDays[month - 1];
    default:
        return QDate(year, month, 1).daysInMonth();
    }
}

qint64 CfTimeAxis::dayNumber(const Fields &date) const
{
    switch (m_calendar) {
    case Calendar::Day360:
        return qint64(date.year) * 360 + qint64(date.month - 1) * 30 + date.day - 1;
    case Calendar::NoLeap: {
        qint64 day = qint64(date.year) * 365 + date.day - 1;
        for (int m = 1; m < date.month; ++m)
            day += noLeapMonthDays[m - 1];
        return day;
    }
    default:
        return QDate(date.year, date.month, date.day).toJulianDay();
    }
}

CfTimeAxis::Fields CfTimeAxis::fromDayNumber(qint64 day) const
{
    switch (m_calendar) {
    case Calendar::Day360: {
        const qint64 year = floorDiv(day, 360);
        const int dayOfYear = int(day - year * 360);
        return { int(year), dayOfYear / 30 + 1, dayOfYear % 30 + 1 };
    }
    case Calendar::NoLeap: {
        const qint64 year = floorDiv(day, 365);
        int dayOfYear = int(day - year * 365);
        int month = 1;
        while (dayOfYear >= noLeapMonthDays[month - 1])
            dayOfYear -= noLeapMonthDays[month++ - 1];
        return { int(year), month, dayOfYear + 1 };
    }
    default: {
        const QDate date = QDate::fromJulianDay(day);
        return { date.year(), date.month(), date.day() };
    }
    }
}

CfTimeAxis::Fields CfTimeAxis::addMonths(const Fields &date, int months) const
{
    const qint64 index = qint64(date.year) * 12 + (date.month - 1) + months;
    const int year = int(floorDiv(index, 12));
    const int month = int(index - qint64(year) * 12) + 1;
    return { year, month, std::min(date.day, monthLength(year, month)) };
}

QDateTime CfTimeAxis::toUtc(qint64 day, qint64 msOfDay) const
{
    day += floorDiv(msOfDay, msPerDay);
    msOfDay -= floorDiv(msOfDay, msPerDay) * msPerDay;
    const Fields f = fromDayNumber(day);
    const QDate date(f.year, f.month, f.day); // invalid for 360_day Feb 29/30 in a common year
    if (!date.isValid() || (m_calendar == Calendar::Standard && date < gregorianStart))
        return {};
    return utcDateTime(date, QTime::fromMSecsSinceStartOfDay(int(msOfDay)));
}

QDateTime CfTimeAxis::toDateTime(double value) const
{
    if (!m_valid || !std::isfinite(value))
        return {};
    if (m_unit == Unit::Month || m_unit == Unit::Year) {
        // A fraction is a share of the month (year) that follows the whole months (years).
        const double whole = std::floor(value);
        if (std::abs(whole) > 1e6)
            return {};
        const int monthsPerUnit = m_unit == Unit::Year ? 12 : 1;
        const qint64 startDay = dayNumber(addMonths(m_reference, int(whole) * monthsPerUnit));
        const qint64 endDay = dayNumber(addMonths(m_reference, (int(whole) + 1) * monthsPerUnit));
        const double fraction = value - whole;
        return toUtc(startDay,
                     m_referenceMsOfDay + std::llround(fraction * double((endDay - startDay) * msPerDay)));
    }
    const double ms = value * double(msPerUnit(m_unit));
    if (std::abs(ms) > 1e17)
        return {};
    return toUtc(dayNumber(m_reference), m_referenceMsOfDay + std::llround(ms));
}

} // namespace deepterra
