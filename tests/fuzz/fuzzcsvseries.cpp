#include "common/dataerror.h"
#include "fuzzinput.h"
#include "series/csvseriesreader.h"
#include "series/csvtable.h"

// CSV series as users bring them: any delimiter, quoting, dates in any supported format, missing
// values. A bad file must give a DataError, never a crash or a hang.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace deepterra;
    const QString path = fuzz::asFile(data, size, ".csv");
    try {
        const CsvTable table = CsvTable::read(path);
        (void)table.columnIndex(QStringLiteral("date"));
    } catch (const DataError &) { }
    try {
        const TimeSeries series = CsvSeriesReader::read(path);
        (void)series;
    } catch (const DataError &) { }
    return 0;
}
