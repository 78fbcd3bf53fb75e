#include "series/csvtable.h"

#include "common/dataerror.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace deepterra {

namespace {

QChar detectDelimiter(const QString &headerLine)
{
    const QChar candidates[] = { QLatin1Char(','), QLatin1Char(';'), QLatin1Char('\t') };
    QChar best = QLatin1Char(',');
    int bestCount = 0;
    for (QChar c : candidates) {
        const int count = int(headerLine.count(c));
        if (count > bestCount) {
            best = c;
            bestCount = count;
        }
    }
    return best;
}

// Splits one record; `text` is consumed from `pos` up to and including the record's line end.
// Quoted fields may span lines, which is why this works on the whole text.
QStringList splitRecord(const QString &text, qsizetype &pos, QChar delimiter, int &line, const QString &path)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    const int startLine = line;
    while (pos < text.size()) {
        const QChar c = text.at(pos++);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (pos < text.size() && text.at(pos) == QLatin1Char('"')) {
                    field.append(c);
                    ++pos;
                } else {
                    quoted = false;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++line;
                field.append(c);
            }
        } else if (c == QLatin1Char('"') && field.trimmed().isEmpty()) {
            quoted = true;
            field.clear();
        } else if (c == delimiter) {
            fields.append(field);
            field.clear();
        } else if (c == QLatin1Char('\n')) {
            ++line;
            fields.append(field);
            return fields;
        } else if (c != QLatin1Char('\r')) {
            field.append(c);
        }
    }
    if (quoted)
        throw DataError(path, QStringLiteral("line %1 opens a quote that is never closed").arg(startLine));
    fields.append(field);
    return fields;
}

bool isSkippedLine(const QStringList &fields)
{
    if (fields.size() == 1 && fields.constFirst().trimmed().isEmpty())
        return true;
    return fields.constFirst().trimmed().startsWith(QLatin1Char('#'));
}

} // namespace

CsvTable CsvTable::read(const QString &path, QChar delimiter)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw DataError(path, QStringLiteral("file not found"));
    if (!info.isFile())
        throw DataError(path, QStringLiteral("not a file"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw DataError(path, QStringLiteral("cannot open the file: %1").arg(file.errorString()));
    const QByteArray bytes = file.readAll();
    if (bytes.trimmed().isEmpty())
        throw DataError(path, QStringLiteral("the file is empty"));
    if (bytes.contains('\0'))
        throw DataError(path, QStringLiteral("the file is binary, not delimited text"));

    QStringDecoder decoder(QStringDecoder::Utf8);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        text = QString::fromLatin1(bytes); // older exports in Windows-1252 / Latin-1
    if (text.startsWith(QChar(0xfeff)))
        text.remove(0, 1);

    CsvTable table;
    qsizetype pos = 0;
    int line = 1;
    while (pos < text.size() && table.headers.isEmpty()) {
        const qsizetype lineEnd = text.indexOf(QLatin1Char('\n'), pos);
        table.delimiter = delimiter.isNull()
            ? detectDelimiter(text.mid(pos, lineEnd < 0 ? -1 : lineEnd - pos))
            : delimiter;
        QStringList fields = splitRecord(text, pos, table.delimiter, line, path);
        if (isSkippedLine(fields))
            continue;
        for (QString &f : fields)
            f = f.trimmed();
        table.headers = fields;
    }
    if (table.headers.isEmpty())
        throw DataError(path, QStringLiteral("the file has no header line"));

    while (pos < text.size()) {
        Row row;
        row.line = line;
        row.fields = splitRecord(text, pos, table.delimiter, line, path);
        if (isSkippedLine(row.fields))
            continue;
        if (row.fields.size() != table.headers.size())
            throw DataError(path,
                            QStringLiteral("line %1 has %2 fields, but the header has %3")
                                .arg(row.line)
                                .arg(row.fields.size())
                                .arg(table.headers.size()));
        table.rows.push_back(std::move(row));
    }
    return table;
}

int CsvTable::columnIndex(const QString &header) const
{
    for (int i = 0; i < headers.size(); ++i)
        if (headers.at(i).compare(header, Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

} // namespace deepterra
