#include "labels/labelgrid.h"

#include <algorithm>

namespace deepterra {

std::size_t LabelGrid::labelledCount() const
{
    return std::size_t(
        std::count_if(indices.begin(), indices.end(), [](std::int32_t i) { return i != kIgnore; }));
}

std::vector<std::size_t> LabelGrid::countsPerClass() const
{
    std::vector<std::size_t> counts(classes.entries.size(), 0);
    for (std::int32_t index : indices)
        if (index >= 0 && std::size_t(index) < counts.size())
            ++counts[std::size_t(index)];
    return counts;
}

} // namespace deepterra
