#include "metrics/jsonnumber.h"

#include <cmath>

namespace deepterra {

QJsonValue jsonNumber(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

} // namespace deepterra
