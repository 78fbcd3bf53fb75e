#pragma once

#include "geodata/rastergrid.h"
#include "geodata/rasterreadrequest.h"

#include <QRect>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

class QTemporaryDir;

namespace deepterra {

class Feedback;

// The DEM channels of a raster stack, ready to be warped onto any window of an area of the image:
// the terrain derivatives are computed once (DemProcessor, zero aspect for flat pixels) into a
// temporary folder that lives as long as the cache, so that a prediction reading the raster strip
// by strip warps each strip from them instead of running gdaldem per strip.
//
// The derivatives cover the DEM pixels under the area plus a margin (demWindow()), not the whole
// DEM: a 3x3 derivative differs from the whole DEM's only on the outermost pixel of that cut (which
// gdaldem computes from the pixels inside), and the margin keeps those pixels out of reach of the
// resampling kernels, so a window warped from the cache equals the same window warped from the
// derivatives of the whole DEM. Where the cut meets the DEM's own edge, both are the same edge.
// Immutable once built: several threads may read through it at once.
class DemChannelCache
{
public:
    // `channels` are stack channel names: "elevation" (the DEM itself, nothing to compute) and
    // DemProcessor's derivative names. `area` is in pixels of `imageGrid`.
    // Throws DataError naming the DEM for an unknown channel name, a DEM that cannot be read or
    // processed, or a temporary folder that cannot be created; JobCanceled when cancelled.
    DemChannelCache(const QString &demPath, const QStringList &channels, const RasterGrid &imageGrid,
                    const QRect &area, Feedback *feedback = nullptr);
    DemChannelCache(const DemChannelCache &) = delete;
    DemChannelCache &operator=(const DemChannelCache &) = delete;
    ~DemChannelCache();

    const QString &demPath() const { return m_demPath; }
    const QStringList &channels() const { return m_channels; }
    const RasterGrid &imageGrid() const { return m_imageGrid; }
    // The image pixels whose windows the cache serves.
    const QRect &area() const { return m_area; }
    // True when `window` of `grid` lies inside the area of the grid the cache was built for.
    bool serves(const RasterGrid &grid, const QRect &window) const;
    // DEM pixels the derivatives were computed over: the whole DEM when the area's footprint
    // cannot be told (a CRS transformation that fails) or reaches past the DEM on every side.
    const QRect &demWindow() const { return m_demWindow; }

    // The raster to warp for `channel` (the DEM itself for elevation, otherwise a file in the
    // temporary folder, on the grid of demWindow()) and how: bilinear, except aspect, which is
    // warped by nearest neighbour because interpolating angles across north invents directions.
    // Throws std::invalid_argument for a channel the cache was not built with.
    QString rasterPath(const QString &channel) const;
    Resampling resampling(const QString &channel) const;

    // Derivative rasters computed by all caches of this process so far: lets tests check that a
    // prediction computes each derivative once rather than once per strip.
    static int derivativesComputed();

private:
    struct Channel
    {
        QString name;
        QString path;
        Resampling resampling = Resampling::Bilinear;
    };
    const Channel &channel(const QString &name) const;

    QString m_demPath;
    QStringList m_channels;
    RasterGrid m_imageGrid;
    QRect m_area;
    QRect m_demWindow;
    std::unique_ptr<QTemporaryDir> m_folder; // only when a derivative is needed
    std::vector<Channel> m_entries;
};

} // namespace deepterra
