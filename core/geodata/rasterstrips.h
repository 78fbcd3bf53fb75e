#pragma once

#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"

#include <algorithm>

namespace deepterra {

// One band of a raster read top to bottom in strips of about four million pixels (16 MiB of
// floats, whatever the raster's size): visit(buffer, firstRow) for each. With a feedback, each strip
// is a checkpoint (cancel, pause) and reports its progress.
class RasterStrips
{
public:
    static constexpr int kPixelsPerStrip = 1 << 22;

    template<typename Visit>
    static void forEach(const RasterDataset &dataset, int band, Feedback *feedback, Visit visit)
    {
        const int height = dataset.height();
        const int rows = std::max(1, std::min(height, kPixelsPerStrip / std::max(1, dataset.width())));
        for (int y = 0; y < height; y += rows) {
            if (feedback) {
                feedback->checkpoint();
                feedback->setProgress(100.0 * y / height);
            }
            visit(dataset.readWindow(QRect(0, y, dataset.width(), std::min(rows, height - y)), { band }), y);
        }
        if (feedback)
            feedback->setProgress(100.0);
    }
};

} // namespace deepterra
