#include "geodata/rasterbuffer.h"

#include <algorithm>

namespace deepterra {

std::size_t RasterBuffer::validCount(int bandSlot) const
{
    const auto begin = valid.begin() + std::ptrdiff_t(bandSlot) * std::ptrdiff_t(pixelCount());
    return std::size_t(
        std::count_if(begin, begin + std::ptrdiff_t(pixelCount()), [](std::uint8_t v) { return v != 0; }));
}

} // namespace deepterra
