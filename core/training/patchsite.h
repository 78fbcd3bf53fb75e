#pragma once

#include <QRect>

#include <cstdint>

namespace deepterra {

// Where a training patch lies and what it shows.
struct PatchSite
{
    int x = 0; // top-left corner, in the image's pixels
    int y = 0;
    // Patch classification: the scene label. Segmentation: the most frequent labelled class (for
    // class-balanced sampling). -1 for autoencoders.
    std::int32_t classIndex = -1;
    std::int64_t labelledPixels = 0;

    QRect footprint(int patchSize) const { return QRect(x, y, patchSize, patchSize); }
};

} // namespace deepterra
