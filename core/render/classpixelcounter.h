#pragma once

#include "render/classpixelcounts.h"

#include <QtGlobal>

namespace deepterra {

class ClassTable;
class Feedback;
class RasterDataset;

// Counts the pixels of each class in a class raster's band, for the classes table of the training
// set-up. Reads the band in strips of rows, never the whole raster at once. A raster of more
// pixels than the budget is estimated from a sample of about budget pixels: whole storage blocks
// spread over the raster on a regular lattice, read at full resolution. Blocks rather than a
// decimated read, because a decimated read of a raster without overviews decodes every block.
class ClassPixelCounter
{
public:
    // About 1 s of reading for a Byte GeoTIFF on one core.
    static constexpr qint64 kDefaultPixelBudget = qint64(1) << 26;

    // Pixels of each class of `classes` in `band` (1-based); NoData, masked and NaN pixels are
    // counted as NoData, valid values that are no class as other. Throws DataError naming the
    // raster for an unknown band or unreadable pixels; JobCanceled when the feedback is cancelled.
    static ClassPixelCounts count(const RasterDataset &dataset, int band, const ClassTable &classes,
                                  qint64 pixelBudget = kDefaultPixelBudget, Feedback *feedback = nullptr);
};

} // namespace deepterra
