#include "map/scalelength.h"

#include <cmath>
#include <initializer_list>

namespace deepterra {

double roundScaleLength(double limit)
{
    const double power = std::pow(10.0, std::floor(std::log10(limit)));
    for (double step : { 5.0, 2.0, 1.0 })
        if (step * power <= limit)
            return step * power;
    return power;
}

} // namespace deepterra
