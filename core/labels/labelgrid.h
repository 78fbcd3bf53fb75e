#pragma once

#include "geodata/rastergrid.h"
#include "labels/classtable.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace deepterra {

// Whether label sources insist that labels fall on their target grid: a whole image must hold
// some, one strip of an image too large to label in one go may hold none.
enum class LabelOverlap { Required, Optional };

// Labels aligned onto an image's grid: for each pixel the index of its class in `classes.entries`
// (not the value the label file uses), or kIgnore where nothing says what the pixel is.
struct LabelGrid
{
    static constexpr std::int32_t kIgnore = -1;

    RasterGrid grid;
    ClassTable classes;
    std::vector<std::int32_t> indices; // row-major, grid.width * grid.height

    std::int32_t at(int x, int y) const
    {
        return indices[std::size_t(y) * std::size_t(grid.width) + std::size_t(x)];
    }
    std::size_t labelledCount() const;
    // One count per entry of `classes`, in the same order.
    std::vector<std::size_t> countsPerClass() const;
};

} // namespace deepterra
