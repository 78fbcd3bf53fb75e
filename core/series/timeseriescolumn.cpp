#include "series/timeseriescolumn.h"

#include <algorithm>
#include <cmath>

namespace deepterra {

int TimeSeriesColumn::missingCount() const
{
    return int(std::count_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }));
}

} // namespace deepterra
