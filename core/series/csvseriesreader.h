#pragma once

#include "series/csvseriesoptions.h"
#include "series/timeseries.h"

namespace deepterra {

// Reads a time series from delimited text in one of two layouts:
// - long form: a date column plus one or more numeric value columns (text columns such as a
//   station name are skipped);
// - a wide year x month table: a year column and twelve month columns (JAN..DEC, January..,
//   or 1..12, any case, quoted or not), read as one monthly column named after the file's base
//   name ("elnino.csv" -> "elnino"), dated on the 1st of each month.
// A field counts as missing when its trimmed text is one of the missing markers, or when it is
// a number equal to a numeric marker ("-999.0" matches "-999"). Rows are sorted by time.
class CsvSeriesReader
{
public:
    // Throws DataError for a missing or unreadable file, no parsable date column, an
    // unparsable date or value, a repeated date, or no numeric value column.
    static TimeSeries read(const QString &path, const CsvSeriesOptions &options = {});
};

} // namespace deepterra
