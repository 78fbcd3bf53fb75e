#pragma once

#include "geodata/rastergrid.h"
#include "training/rasterstack.h"
#include "training/rasterstackreader.h"

#include <QRect>
#include <QString>
#include <QStringList>

namespace deepterra {

class Feedback;
class RunMetadata;

// A raster read as a model's input: the bands the run was trained on (by number, or all of them),
// and its DEM channels computed from the project's DEM layer on the raster's grid, normalised as
// in training, NoData pixels at the training mean (0) and marked invalid. Whole-raster prediction
// reads strips through it, saliency a window.
class ModelInputReader
{
public:
    // Throws DataError naming the input for a raster without the bands the model needs, or the
    // DEM for one that misses the raster. `outputs`: files about to be written, which must not be
    // the DEM or the project it is read through. Warns through `feedback` (optional) when the
    // raster's CRS differs from the training image's.
    ModelInputReader(const RunMetadata &model, const QString &input, const QStringList &outputs,
                     Feedback *feedback);

    const RasterGrid &grid() const { return m_grid; }
    // The window's channels, normalised; the window must lie inside the raster. `recycled`: a
    // stack read before and done with, whose memory the new one reuses.
    RasterStack read(const QRect &window, RasterStack recycled = {}) const;

private:
    const RunMetadata &m_model;
    RasterStackSource m_source;
    RasterGrid m_grid;
};

} // namespace deepterra
