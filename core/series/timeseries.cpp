#include "series/timeseries.h"

#include "common/dataerror.h"

#include <QStringList>

namespace deepterra {

int TimeSeries::columnIndex(const QString &name) const
{
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == name)
            return int(i);
    return -1;
}

const TimeSeriesColumn &TimeSeries::column(const QString &name) const
{
    const int index = columnIndex(name);
    if (index < 0)
        throw DataError(source,
                        QStringLiteral("no column named %1 (columns: %2)")
                            .arg(name, columnNames().join(QStringLiteral(", "))));
    return columns[std::size_t(index)];
}

QStringList TimeSeries::columnNames() const
{
    QStringList names;
    for (const TimeSeriesColumn &c : columns)
        names.append(c.name);
    return names;
}

} // namespace deepterra
