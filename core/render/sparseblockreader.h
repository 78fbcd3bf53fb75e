#pragma once

#include "geodata/rasterbuffer.h"
#include "geodata/rastergrid.h"
#include "geodata/rasterreadrequest.h"

#include <QtGlobal>

#include <vector>

namespace deepterra {

class RasterDataset;

// How much a sparse read may cost, and what a sample is.
struct SparseReadOptions
{
    // At most this many blocks, and at most SparseBlockReader::kMaxDecodedPixels decoded pixels
    // (block pixels times bands): about 0.15 s for 256 x 256 DEFLATE tiles on one idle core.
    int blocks = 1024;
    // When above 0, a first lattice of a sixteenth of the blocks times the reads, and the lattice
    // read after it is cut to what fits in the time left (the first one serves when none does):
    // slow codecs, slow disks and busy machines get a coarser preview rather than a late one.
    int milliseconds = 0;
    // Each sample is the mean of the block that holds it rather than the pixel there, so that no
    // thin feature (a road, a grid line, a bright roof) stands for a whole cell of the preview.
    // At no extra cost: a block is decoded whole to read any of its pixels. Not for classes.
    bool blockMeans = false;
};

// A quick look at a large raster that has no overviews. A decimated read of a whole 20000 x 20000
// raster decodes every block (seconds: a compressed tile is inflated whole, however few of its
// pixels are wanted); this reader decodes an evenly spread subset of the blocks, at most a budget
// of them, so that the map paints at once and refines with a normal read (MapRasterReader).
//
// read() takes one sample per chosen block (the pixel there, or the block's mean): the samples lie
// on a regular lattice over the part of the raster the target shows, spaced about a block or more
// apart, and each target pixel takes the sample nearest to where its centre falls in the raster
// (nearest neighbour: flat cells, crisp classes) or a blend of the four around it (bilinear:
// elevations keep a smooth relief). Targets in another CRS are mapped into the raster pixel by
// pixel, as the warper would. Rasters stored in strips (a block as wide as the raster) and views
// that cross few blocks are read normally: GDAL then decodes no more than the budget anyway.
class SparseBlockReader
{
public:
    static constexpr qint64 kMaxDecodedPixels = qint64(1) << 26;

    // As MapRasterReader::read: the target's size, the bands asked for (1-based, empty means all)
    // and their validity (NoData, masked, NaN and outside the raster are invalid); the window is
    // empty. `sparse`, when given, says whether the raster was sampled (true) or read normally.
    // Throws DataError naming the raster for an unknown band, unreadable blocks or a failed
    // reprojection.
    static RasterBuffer read(const RasterDataset &dataset, const RasterGrid &target,
                             const std::vector<int> &bands = {}, Resampling resampling = Resampling::Nearest,
                             const SparseReadOptions &options = {}, bool *sparse = nullptr);

    // Pixels for statistics: up to `blockBudget` blocks (and kMaxDecodedPixels) spread evenly over
    // the raster, each read decimated (nearest neighbour) to at most samplesPerBlock x
    // samplesPerBlock pixels, one buffer row per block, padded with invalid pixels. A raster with no more
    // blocks than that, or stored in strips, gives one decimated read of the whole raster of about as many
    // pixels. Throws DataError as read() does.
    static RasterBuffer sample(const RasterDataset &dataset, const std::vector<int> &bands, int blockBudget,
                               int samplesPerBlock);
};

} // namespace deepterra
