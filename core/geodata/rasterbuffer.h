#pragma once

#include <QRect>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace deepterra {

// Pixels of a window read from a raster, as floats, band after band, with a validity mask of the
// same layout: 0 where the source pixel is NoData, masked or NaN. A consumer never sees a NoData
// value as data.
struct RasterBuffer
{
    int width = 0;
    int height = 0;
    std::vector<int> bands; // 1-based source band numbers, in buffer order
    QRect window; // the source window, in full-resolution pixels
    std::vector<float> values;
    std::vector<std::uint8_t> valid;

    int bandCount() const { return static_cast<int>(bands.size()); }
    std::size_t pixelCount() const { return std::size_t(width) * std::size_t(height); }
    std::size_t offset(int bandSlot, int x, int y) const
    {
        return std::size_t(bandSlot) * pixelCount() + std::size_t(y) * std::size_t(width) + std::size_t(x);
    }
    float value(int bandSlot, int x, int y) const { return values[offset(bandSlot, x, y)]; }
    bool isValid(int bandSlot, int x, int y) const { return valid[offset(bandSlot, x, y)] != 0; }
    std::size_t validCount(int bandSlot) const;
};

} // namespace deepterra
