#include "series/csvseriesreader.h"

#include "common/dataerror.h"
#include "series/csvtable.h"
#include "series/dateparser.h"

#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

namespace deepterra {

namespace {

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

class ValueParser
{
public:
    ValueParser(const QStringList &markers, QChar delimiter)
        : m_markers(markers)
        , m_decimalComma(delimiter != QLatin1Char(','))
    {
        for (const QString &marker : markers) {
            bool ok = false;
            const double number = marker.trimmed().toDouble(&ok);
            if (ok)
                m_numericMarkers.push_back(number);
        }
    }

    // NaN for a missing value, nullopt for text that is neither a number nor a marker.
    std::optional<double> parse(const QString &field) const
    {
        const QString text = field.trimmed();
        if (m_markers.contains(text))
            return missing;
        bool ok = false;
        double value = text.toDouble(&ok);
        if (!ok && m_decimalComma && text.count(QLatin1Char(',')) == 1 && !text.contains(QLatin1Char('.')))
            value = QString(text).replace(QLatin1Char(','), QLatin1Char('.')).toDouble(&ok);
        if (!ok)
            return std::nullopt;
        if (std::isnan(value)
            || std::find(m_numericMarkers.begin(), m_numericMarkers.end(), value) != m_numericMarkers.end())
            return missing;
        return value;
    }

private:
    QStringList m_markers;
    std::vector<double> m_numericMarkers;
    bool m_decimalComma;
};

// 1..12 for month names, three-letter (or longer) abbreviations and month numbers; 0 otherwise.
int monthOfHeader(const QString &header)
{
    static const char *names[] = { "january", "february", "march",     "april",   "may",      "june",
                                   "july",    "august",   "september", "october", "november", "december" };
    const QString h = header.trimmed().toLower();
    bool isNumber = false;
    const int number = h.toInt(&isNumber);
    if (isNumber)
        return number >= 1 && number <= 12 ? number : 0;
    if (h.size() < 3)
        return 0;
    for (int m = 0; m < 12; ++m)
        if (QLatin1String(names[m]).startsWith(h))
            return m + 1;
    return 0;
}

// Column index of each month (index 0 = January) when the headers hold all twelve months once.
std::optional<std::vector<int>> monthColumns(const QStringList &headers)
{
    std::vector<int> columns(12, -1);
    for (int i = 0; i < headers.size(); ++i) {
        const int month = monthOfHeader(headers.at(i));
        if (month == 0)
            continue;
        if (columns[std::size_t(month - 1)] >= 0)
            return std::nullopt;
        columns[std::size_t(month - 1)] = i;
    }
    if (std::find(columns.begin(), columns.end(), -1) != columns.end())
        return std::nullopt;
    return columns;
}

struct DatedRow
{
    QDateTime time;
    int line = 0;
    std::size_t index = 0;
};

// Sorts by time and refuses repeated timestamps: two values for one time are ambiguous.
std::vector<DatedRow> sortedRows(std::vector<DatedRow> rows, const QString &path)
{
    std::stable_sort(rows.begin(), rows.end(),
                     [](const DatedRow &a, const DatedRow &b) { return a.time < b.time; });
    for (std::size_t i = 1; i < rows.size(); ++i)
        if (rows[i].time == rows[i - 1].time)
            throw DataError(path,
                            QStringLiteral("line %1 repeats the date %2 of line %3")
                                .arg(rows[i].line)
                                .arg(rows[i].time.toString(Qt::ISODate))
                                .arg(rows[i - 1].line));
    return rows;
}

TimeSeries readWide(const QString &path, const CsvTable &table, const std::vector<int> &months,
                    const ValueParser &values)
{
    int yearColumn = 0;
    while (std::find(months.begin(), months.end(), yearColumn) != months.end())
        ++yearColumn;
    std::vector<DatedRow> years;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const CsvTable::Row &row = table.rows[r];
        const QString text = row.fields.at(yearColumn).trimmed();
        const auto year = DateParser::parse(text, DateFormat::Year);
        if (!year)
            throw DataError(path,
                            QStringLiteral("line %1: '%2' in column %3 is not a year")
                                .arg(row.line)
                                .arg(text, table.headers.at(yearColumn)));
        years.push_back({ *year, row.line, r });
    }

    TimeSeries series;
    series.source = path;
    TimeSeriesColumn column;
    column.name = QFileInfo(path).completeBaseName();
    for (const DatedRow &year : sortedRows(std::move(years), path)) {
        const CsvTable::Row &row = table.rows[year.index];
        for (int m = 0; m < 12; ++m) {
            const int c = months[std::size_t(m)];
            const auto value = values.parse(row.fields.at(c));
            if (!value)
                throw DataError(
                    path,
                    QStringLiteral("line %1, column %2: '%3' is neither a number nor a missing marker")
                        .arg(row.line)
                        .arg(table.headers.at(c), row.fields.at(c).trimmed()));
            series.times.push_back(year.time.addMonths(m));
            column.values.push_back(*value);
        }
    }
    series.columns.push_back(std::move(column));
    return series;
}

bool looksLikeDateHeader(const QString &header)
{
    static const QStringList hints {
        QStringLiteral("date"),  QStringLiteral("time"), QStringLiteral("year"),
        QStringLiteral("month"), QStringLiteral("day"),  QStringLiteral("period")
    };
    const QString h = header.toLower();
    return std::any_of(hints.begin(), hints.end(), [&](const QString &hint) { return h.contains(hint); });
}

QStringList columnValues(const CsvTable &table, int column)
{
    QStringList texts;
    for (const CsvTable::Row &row : table.rows)
        texts.append(row.fields.at(column));
    return texts;
}

// The date column and its format: the one asked for, or the first column (date-like headers
// first) whose every value parses in one format.
std::pair<int, DateFormat> findDateColumn(const QString &path, const CsvTable &table,
                                          const CsvSeriesOptions &options)
{
    if (!options.dateColumn.isEmpty()) {
        const int column = table.columnIndex(options.dateColumn);
        if (column < 0)
            throw DataError(path,
                            QStringLiteral("no column named %1 (columns: %2)")
                                .arg(options.dateColumn, table.headers.join(QStringLiteral(", "))));
        DateFormat format = options.dateFormat;
        if (format == DateFormat::Auto) {
            format = DateParser::detect(columnValues(table, column));
            if (format == DateFormat::Auto)
                throw DataError(
                    path, QStringLiteral("column %1 holds no parsable dates").arg(table.headers.at(column)));
        }
        return { column, format };
    }
    std::vector<int> order(std::size_t(table.headers.size()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_partition(order.begin(), order.end(),
                          [&](int c) { return looksLikeDateHeader(table.headers.at(c)); });
    for (int column : order) {
        const QStringList texts = columnValues(table, column);
        if (options.dateFormat != DateFormat::Auto) {
            const bool all
                = !texts.isEmpty() && std::all_of(texts.begin(), texts.end(), [&](const QString &t) {
                      return DateParser::parse(t, options.dateFormat).has_value();
                  });
            if (all)
                return { column, options.dateFormat };
        } else if (std::none_of(texts.begin(), texts.end(),
                                [](const QString &t) { return t.trimmed().isEmpty(); })) {
            const DateFormat format = DateParser::detect(texts);
            if (format != DateFormat::Auto)
                return { column, format };
        }
    }
    // A date column with a few bad cells deserves a pointer to the first bad cell rather than
    // "no dates": the column whose header says date and where most values parse.
    for (int column : order) {
        if (!looksLikeDateHeader(table.headers.at(column)))
            break;
        const QStringList texts = columnValues(table, column);
        for (DateFormat format :
             { DateFormat::Iso, DateFormat::YearMonthDayCompact, DateFormat::YearMonth, DateFormat::Year }) {
            const auto parses = [&](const QString &t) { return DateParser::parse(t, format).has_value(); };
            if (2 * std::count_if(texts.begin(), texts.end(), parses) <= texts.size())
                continue;
            const auto bad = std::find_if_not(texts.begin(), texts.end(), parses);
            const CsvTable::Row &row = table.rows[std::size_t(bad - texts.begin())];
            throw DataError(path,
                            QStringLiteral("line %1: '%2' in column %3 is not a date in the format %4")
                                .arg(row.line)
                                .arg(bad->trimmed(), table.headers.at(column), DateParser::name(format)));
        }
    }
    throw DataError(path,
                    QStringLiteral("no column holds parsable dates (looked at: %1)")
                        .arg(table.headers.join(QStringLiteral(", "))));
}

TimeSeries readLong(const QString &path, const CsvTable &table, const CsvSeriesOptions &options,
                    const ValueParser &values)
{
    const auto [dateColumn, format] = findDateColumn(path, table, options);
    std::vector<DatedRow> dated;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const CsvTable::Row &row = table.rows[r];
        const auto time = DateParser::parse(row.fields.at(dateColumn), format);
        if (!time)
            throw DataError(path,
                            QStringLiteral("line %1: '%2' in column %3 is not a date in the format %4")
                                .arg(row.line)
                                .arg(row.fields.at(dateColumn).trimmed(), table.headers.at(dateColumn),
                                     DateParser::name(format)));
        dated.push_back({ *time, row.line, r });
    }
    dated = sortedRows(std::move(dated), path);

    TimeSeries series;
    series.source = path;
    for (const DatedRow &row : dated)
        series.times.push_back(row.time);
    for (int c = 0; c < table.headers.size(); ++c) {
        if (c == dateColumn)
            continue;
        TimeSeriesColumn column;
        column.name = table.headers.at(c);
        int numbers = 0;
        int firstBadRow = -1;
        for (const DatedRow &row : dated) {
            const auto value = values.parse(table.rows[row.index].fields.at(c));
            if (value && !std::isnan(*value))
                ++numbers;
            if (!value && firstBadRow < 0)
                firstBadRow = int(row.index);
            column.values.push_back(value.value_or(missing));
        }
        if (firstBadRow < 0) {
            series.columns.push_back(std::move(column));
        } else if (numbers > 0) {
            const CsvTable::Row &bad = table.rows[std::size_t(firstBadRow)];
            throw DataError(
                path,
                QStringLiteral("line %1, column %2: '%3' is neither a number nor a missing marker")
                    .arg(bad.line)
                    .arg(column.name, bad.fields.at(c).trimmed()));
        } // else: a text column (station names, flags) that is not part of the series
    }
    if (series.columns.empty())
        throw DataError(path,
                        QStringLiteral("no numeric value column besides the date column %1")
                            .arg(table.headers.at(dateColumn)));
    return series;
}

} // namespace

TimeSeries CsvSeriesReader::read(const QString &path, const CsvSeriesOptions &options)
{
    const CsvTable table = CsvTable::read(path, options.delimiter);
    if (table.rows.empty())
        throw DataError(path, QStringLiteral("the file has a header but no data rows"));
    const ValueParser values(options.missingMarkers, table.delimiter);
    if (options.dateColumn.isEmpty())
        if (const auto months = monthColumns(table.headers); months && table.headers.size() > 12)
            return readWide(path, table, *months, values);
    return readLong(path, table, options, values);
}

} // namespace deepterra
