#pragma once

#include <QRect>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace deepterra {

// The input channels of a raster task over its training window, held in memory so that patches
// are cut without I/O while the trainer runs: image bands first, then DEM channels.
struct RasterStack
{
    QRect window; // in the image's pixels
    QStringList channels;
    std::vector<float> values; // channel after channel, each row-major over the window
    std::vector<std::uint8_t> valid; // same layout; 0 where the source pixel is NoData

    int channelCount() const { return int(channels.size()); }
    int width() const { return window.width(); }
    int height() const { return window.height(); }
    std::size_t planeSize() const { return std::size_t(window.width()) * std::size_t(window.height()); }
    // x and y relative to the window.
    std::size_t offset(int channel, int x, int y) const
    {
        return std::size_t(channel) * planeSize() + std::size_t(y) * std::size_t(window.width())
            + std::size_t(x);
    }

    // Bytes the values and validity of `channels` channels over `window` take.
    static std::uint64_t bytesFor(int channels, const QRect &window)
    {
        return std::uint64_t(channels) * std::uint64_t(window.width()) * std::uint64_t(window.height())
            * (sizeof(float) + sizeof(std::uint8_t));
    }
};

} // namespace deepterra
