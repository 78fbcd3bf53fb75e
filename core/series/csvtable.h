#pragma once

#include <QChar>
#include <QString>
#include <QStringList>

#include <vector>

namespace deepterra {

// The cells of a delimited text file: a header and data rows, with quoted fields ("a,b", "")
// unquoted. Blank lines and lines starting with # are skipped. Rows keep their 1-based line
// numbers so that errors can point at them.
struct CsvTable
{
    struct Row
    {
        int line = 0;
        QStringList fields;
    };

    QChar delimiter;
    QStringList headers;
    std::vector<Row> rows;

    // Throws DataError for a missing, unreadable, empty or binary file, an unterminated quote
    // and a row whose field count differs from the header's.
    static CsvTable read(const QString &path, QChar delimiter = QChar());
    int columnIndex(const QString &header) const; // case-insensitive; -1 if absent
};

} // namespace deepterra
