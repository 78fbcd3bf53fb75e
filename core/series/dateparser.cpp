#include "series/dateparser.h"

#include "common/qtcompat.h"

#include <QRegularExpression>

namespace deepterra {

namespace {

std::optional<QDateTime> utcMidnight(int year, int month, int day)
{
    const QDate date(year, month, day);
    if (!date.isValid())
        return std::nullopt;
    return utcDateTime(date, QTime(0, 0));
}

std::optional<QDateTime> parseIso(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(
        R"(^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)"
        R"(\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$)"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const int msecs
        = m.captured(7).isEmpty() ? 0 : m.captured(7).left(3).leftJustified(3, QLatin1Char('0')).toInt();
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(), msecs);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    QDateTime result = utcDateTime(date, time);
    const QString zone = m.captured(8);
    if (zone.startsWith(QLatin1Char('+')) || zone.startsWith(QLatin1Char('-'))) {
        const QString digits = zone.mid(1).remove(QLatin1Char(':'));
        const int hours = digits.left(2).toInt();
        const int minutes = digits.size() > 2 ? digits.mid(2).toInt() : 0;
        if (hours > 18 || minutes > 59)
            return std::nullopt;
        const int offset = (hours * 3600 + minutes * 60) * (zone.startsWith(QLatin1Char('-')) ? -1 : 1);
        // Local time = UTC + offset, so UTC = local time - offset.
        result = result.addSecs(-offset);
    }
    return result;
}

std::optional<QDateTime> parseCompact(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^(\d{4})(\d{2})(\d{2})$)"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    return utcMidnight(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
}

std::optional<QDateTime> parseYearMonth(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^(\d{4})(?:[-/](\d{1,2})|(\d{2}))$)"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const QString month = m.captured(2).isEmpty() ? m.captured(3) : m.captured(2);
    return utcMidnight(m.captured(1).toInt(), month.toInt(), 1);
}

std::optional<QDateTime> parseYear(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\d{4}$)"));
    if (!pattern.match(text).hasMatch())
        return std::nullopt;
    return utcMidnight(text.toInt(), 1, 1);
}

const DateFormat detectionOrder[]
    = { DateFormat::Iso, DateFormat::YearMonthDayCompact, DateFormat::YearMonth, DateFormat::Year };

} // namespace

std::optional<QDateTime> DateParser::parse(const QString &text, DateFormat format)
{
    const QString trimmed = text.trimmed();
    switch (format) {
    case DateFormat::Iso:
        return parseIso(trimmed);
    case DateFormat::YearMonthDayCompact:
        return parseCompact(trimmed);
    case DateFormat::YearMonth:
        return parseYearMonth(trimmed);
    case DateFormat::Year:
        return parseYear(trimmed);
    case DateFormat::Auto:
        break;
    }
    // The patterns do not overlap (digit counts and separators differ), so the first match is
    // the only one.
    for (DateFormat candidate : detectionOrder)
        if (auto parsed = parse(trimmed, candidate))
            return parsed;
    return std::nullopt;
}

DateFormat DateParser::detect(const QStringList &samples)
{
    for (DateFormat candidate : detectionOrder) {
        bool any = false;
        bool all = true;
        for (const QString &sample : samples) {
            if (sample.trimmed().isEmpty())
                continue;
            any = true;
            if (!parse(sample, candidate)) {
                all = false;
                break;
            }
        }
        if (any && all)
            return candidate;
    }
    return DateFormat::Auto;
}

QString DateParser::name(DateFormat format)
{
    switch (format) {
    case DateFormat::Iso:
        return QStringLiteral("ISO (YYYY-MM-DD)");
    case DateFormat::YearMonthDayCompact:
        return QStringLiteral("YYYYMMDD");
    case DateFormat::Year:
        return QStringLiteral("YYYY");
    case DateFormat::YearMonth:
        return QStringLiteral("YYYY-MM");
    case DateFormat::Auto:
        break;
    }
    return QStringLiteral("automatic");
}

} // namespace deepterra
