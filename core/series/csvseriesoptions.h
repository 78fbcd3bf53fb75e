#pragma once

#include "series/dateformat.h"

#include <QChar>
#include <QString>
#include <QStringList>

namespace deepterra {

struct CsvSeriesOptions
{
    QString dateColumn; // empty: the first column whose values all parse as dates
    DateFormat dateFormat = DateFormat::Auto;
    // Compared with the trimmed field text, case-sensitively.
    QStringList missingMarkers { QString(),
                                 QStringLiteral("NA"),
                                 QStringLiteral("N/A"),
                                 QStringLiteral("NaN"),
                                 QStringLiteral("nan"),
                                 QStringLiteral("-999"),
                                 QStringLiteral("-9999") };
    QChar delimiter; // null: the most frequent of , ; and tab in the header line
};

} // namespace deepterra
