#pragma once

#include <QtGlobal>

#include <vector>

namespace deepterra {

// How many pixels of a class raster's band hold each class of its class table. Either an exact
// count of every pixel or, for a raster too large to read whole, an estimate scaled from a sample
// to the raster's size (then each figure is rounded and they need not add up to the total).
struct ClassPixelCounts
{
    std::vector<qint64> perClass; // index = class index in the ClassTable; empty when not counted
    // Valid pixels whose value is no class of the table (an unnamed value, a fraction).
    qint64 otherPixels = 0;
    qint64 noDataPixels = 0;
    bool exact = true;

    bool isEmpty() const { return perClass.empty(); }
};

} // namespace deepterra
