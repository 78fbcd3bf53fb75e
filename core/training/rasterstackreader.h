#pragma once

#include "geodata/rastergrid.h"
#include "training/rasterstack.h"

#include <QRect>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

namespace deepterra {

class DemChannelCache;
class Feedback;
class RasterDataset;

// Where the channels of a raster task come from: bands of the image, then DEM channels aligned
// onto the image's grid.
struct RasterStackSource
{
    QString imagePath;
    std::vector<int> bands; // 1-based, checked against the image
    QStringList bandChannels; // one name per band
    QString demPath; // empty: no DEM channels
    QStringList demChannels; // "elevation", "slope", "aspect", "hillshade", "roughness", "tri", "tpi"
    // Prediction reads a raster strip by strip, and a strip beyond the DEM's edge is NoData in the
    // DEM channels (so in the outputs) like any other gap. Training needs DEM under every window.
    bool allowWindowsBeyondDem = false;
    // The DEM's derivatives computed once for many reads (a prediction's strips), built for
    // demPath, the channels, the image grid and an area holding every window read. Null: each
    // read computes them for its own window.
    std::shared_ptr<const DemChannelCache> demCache;
    // The image opened once for many reads, one at a time (a prediction's strips): GDAL's block
    // cache then holds the blocks that neighbouring strips share, which a fresh dataset would
    // decompress again, and the file's header and CRS are read once. Null: each read opens it.
    std::shared_ptr<const RasterDataset> image;
};

// Reads a training window of the input channels into memory.
class RasterStackReader
{
public:
    // A stack above this size would starve the trainer (and the machine) of memory.
    static constexpr std::uint64_t kMaxBytes = std::uint64_t(2) << 30;

    // Image bands come from the image as they are; "elevation" is the DEM warped onto the image
    // grid with bilinear resampling; the other DEM channels are computed by DemProcessor on the
    // DEM's own grid (DemChannelCache: source.demCache, or one built for this window) and warped
    // the same way, except aspect, which is warped by nearest neighbour because interpolating
    // angles across north (350 and 10 degrees give 180) invents directions. Flat pixels get
    // aspect 0 rather than NoData so that plains stay in the training set.
    // Throws DataError naming the image when the stack would exceed `maxBytes`, naming the DEM when
    // it does not cover the window (unless allowWindowsBeyondDem) or a channel name is unknown,
    // and the readers' own DataErrors; std::invalid_argument when source.demCache was built for
    // another DEM, grid or area, or without one of the channels.
    // `recycled`: a stack done with, whose memory the new one takes over (a prediction's strips,
    // mostly of one size: neither allocated nor cleared again).
    static RasterStack read(const RasterStackSource &source, const RasterGrid &imageGrid, const QRect &window,
                            Feedback *feedback = nullptr, std::uint64_t maxBytes = kMaxBytes,
                            RasterStack recycled = {});

    // The grid of `window` cut out of `grid`: same CRS and pixel size, origin moved.
    static RasterGrid windowGrid(const RasterGrid &grid, const QRect &window);
};

} // namespace deepterra
