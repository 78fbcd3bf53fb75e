#pragma once

#include "geodata/crsinfo.h"
#include "map/layerstyle.h"
#include "map/mapview.h"

#include <QImage>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <vector>

namespace deepterra {

struct MapLayerData;

// One layer as a render job sees it: shared, read-only data and a copy of its style.
struct LayerRenderInput
{
    QString id;
    QString name;
    std::shared_ptr<const MapLayerData> data;
    LayerStyle style;
    double opacity = 1.0;
    // Share of the view's width, from the left, where the layer is drawn: a swipe compares it
    // with the layers below. 1 draws it everywhere.
    double swipe = 1.0;
};

// Everything a render job needs, copied at the time of the view change: the job never touches
// the GUI's objects.
struct RenderRequest
{
    quint64 generation = 0;
    MapView view;
    CrsInfo mapCrs;
    std::vector<LayerRenderInput> layers; // bottom first
    // Fraction of the screen's resolution for the first, coarse pass; 0 skips it.
    double coarseDetail = 0.25;
};

struct RenderResult
{
    quint64 generation = 0;
    MapView view;
    QImage image; // the view's size, transparent where no layer draws
    bool complete = false; // false for the coarse pass
    // A raster was drawn from a sparse sample of its blocks (SparseBlockReader): a large raster
    // without overviews, seen whole in a coarse pass.
    bool preview = false;
    QStringList errors; // "layer name: message" for layers that failed to draw
};

// Draws a view's layers on a worker thread: for each raster, a decimated read through the
// overviews (its own or those cached for it) on a screen-sized grid in the map's CRS
// (MapRasterReader), or in a coarse pass over a large raster without overviews a sparse sample of
// its blocks (SparseBlockReader), styled (RasterStyler);
// vector layers painted; all composited bottom to top with their opacity. Each raster is opened
// in the worker (GDAL handles belong to one thread).
class MapRenderJob
{
public:
    // Renders at `detail` times the screen's resolution and scales up to the view's size. Returns
    // early with a null image when `latestGeneration` moves past the request's generation
    // (the view changed again: nobody wants this image any more).
    static RenderResult render(const RenderRequest &request, double detail,
                               const std::atomic<quint64> &latestGeneration);
};

} // namespace deepterra
