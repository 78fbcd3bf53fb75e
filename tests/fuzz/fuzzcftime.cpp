#include "common/dataerror.h"
#include "fuzzinput.h"
#include "series/cftimeaxis.h"

#include <QStringList>

#include <cstring>
#include <limits>

// CF time units and calendars of NetCDF files ("days since 1850-01-01", "360_day"...): the first line
// is the units, the second the calendar, and the bytes after them are time values to decode.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace deepterra;
    const QByteArray input = fuzz::bytes(data, size);
    const QList<QByteArray> lines = input.split('\n');
    const QString units = QString::fromUtf8(lines.value(0));
    const QString calendar = QString::fromUtf8(lines.value(1));
    try {
        const CfTimeAxis axis = CfTimeAxis::parse(units, calendar);
        const QByteArray rest
            = lines.size() > 2 ? input.mid(lines.value(0).size() + lines.value(1).size() + 2) : QByteArray();
        for (qsizetype at = 0; at + qsizetype(sizeof(double)) <= rest.size();
             at += qsizetype(sizeof(double))) {
            double value = 0;
            std::memcpy(&value, rest.constData() + at, sizeof(double));
            (void)axis.toDateTime(value);
        }
        for (double value : { 0.0, -1.0, 1e300, -1e300, std::numeric_limits<double>::quiet_NaN() })
            (void)axis.toDateTime(value);
    } catch (const DataError &) { }
    return 0;
}
