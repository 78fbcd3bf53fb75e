#pragma once

#include "geodata/colorentry.h"

#include <QString>

namespace deepterra {

// One class of a label set: the value it carries in the label file (a raster value or the
// vector attribute's value; 1..N for classes given by name), its name and its display colour.
struct ClassEntry
{
    int value = 0;
    QString name;
    ColorEntry color;
};

} // namespace deepterra
