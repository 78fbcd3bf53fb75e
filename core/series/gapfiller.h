#pragma once

#include "series/gapfillmethod.h"
#include "series/timeseries.h"

namespace deepterra {

// Puts a series on its regular time axis and optionally fills missing values.
class GapFiller
{
public:
    // None: timestamps missing between rows are inserted as NaN rows; nothing else changes.
    // Linear: also interpolates every interior NaN linearly in time between the nearest valid
    // values on either side; leading and trailing NaNs stay NaN (nothing to interpolate from).
    // Rows off the regular grid are kept as they are. Throws DataError(series.source, ...) for
    // a series without a regular frequency, where "missing timestamp" has no meaning.
    static TimeSeries fill(const TimeSeries &series, GapFillMethod method);

    static void interpolateLinear(const std::vector<QDateTime> &times, std::vector<double> &values);
};

} // namespace deepterra
