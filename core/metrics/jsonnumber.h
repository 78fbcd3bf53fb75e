#pragma once

#include <QJsonValue>

namespace deepterra {

// A metric as JSON: an undefined metric (NaN) or an overflowing one (inf) is written as null,
// because JSON has no NaN and a 0 there would read as a real, terrible score.
QJsonValue jsonNumber(double value);

} // namespace deepterra
