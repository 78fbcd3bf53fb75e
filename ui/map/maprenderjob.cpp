#include "map/maprenderjob.h"

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "map/rasterstyler.h"
#include "map/vectorlayerpainter.h"
#include "render/maplayerdata.h"
#include "render/maprasterreader.h"
#include "render/overviewcache.h"
#include "render/sparseblockreader.h"

#include <QPainter>

#include <cmath>

namespace deepterra {

namespace {

// A sparse preview reads blocks for about this long: a busy machine or a slow codec gets a coarser
// one, not a later one.
constexpr int kPreviewMilliseconds = 300;

// Metres per map unit where a DEM's slope is measured: degrees shrink with latitude, but the
// hillshade only needs the right order of magnitude (gdaldem's -s 111120 does the same).
double metresPerUnit(const CrsInfo &crs)
{
    return crs.geographic ? 111120.0 : 1.0;
}

// The cached overviews when there are, else the raster itself (also when the cache was cleared
// since the layer loaded).
RasterDataset openForDrawing(const MapLayerData &data)
{
    if (!data.overviewPath.isEmpty()) {
        try {
            return RasterDataset::open(data.overviewPath);
        } catch (const DataError &) { }
    }
    return RasterDataset::open(data.rasterPath);
}

// `preview` becomes true when the raster was drawn from a sparse sample of its blocks.
QImage renderRaster(const LayerRenderInput &layer, const MapView &view, const CrsInfo &mapCrs, double detail,
                    bool &preview)
{
    const RasterDataset dataset = openForDrawing(*layer.data);
    const bool hillshade = layer.style.renderer == LayerStyle::Renderer::Dem && layer.style.hillshade;
    // One more pixel around the view gives the hillshade its neighbours at the screen's edges.
    const int margin = hillshade ? 1 : 0;
    const RasterGrid grid = view.grid(mapCrs, detail, margin);
    // Elevations are read bilinearly: seen closer than their resolution, nearest neighbour would
    // turn them into terraces and their hillshade into a checkerboard.
    const Resampling resampling
        = layer.style.renderer == LayerStyle::Renderer::Dem ? Resampling::Bilinear : Resampling::Nearest;
    // Without overviews a coarse pass over the whole raster would decode every block: a sparse
    // sample of them paints at once, the full-detail pass refines.
    const bool sampled = detail < 1.0 && layer.data->overviewPath.isEmpty()
        && OverviewCache::needsOverviews(layer.data->raster);
    bool sparse = false;
    SparseReadOptions options;
    options.milliseconds = kPreviewMilliseconds;
    options.blockMeans = layer.style.renderer != LayerStyle::Renderer::Classes;
    const RasterBuffer buffer = sampled
        ? SparseBlockReader::read(dataset, grid, layer.style.bands(), resampling, options, &sparse)
        : MapRasterReader::read(dataset, grid, layer.style.bands(), resampling);
    preview = preview || sparse;
    const double cellSize = grid.geoTransform.pixelWidth() * metresPerUnit(mapCrs);
    return RasterStyler::render(buffer, *layer.data, layer.style, cellSize, margin);
}

} // namespace

RenderResult MapRenderJob::render(const RenderRequest &request, double detail,
                                  const std::atomic<quint64> &latestGeneration)
{
    RenderResult result;
    result.generation = request.generation;
    result.view = request.view;
    result.complete = detail >= 1.0;
    auto stale = [&] { return latestGeneration.load() != request.generation; };
    if (stale() || !request.view.isValid())
        return result;

    QImage image(request.view.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    const QRectF visible = request.view.extent();
    for (const LayerRenderInput &layer : request.layers) {
        if (stale()) {
            painter.end();
            return result;
        }
        if (!layer.data || !layer.data->isDrawable() || layer.opacity <= 0.0)
            continue;
        if (!layer.data->mapExtent.isNull() && !layer.data->mapExtent.intersects(visible))
            continue;
        painter.setOpacity(layer.opacity);
        if (layer.swipe < 1.0)
            painter.setClipRect(QRectF(0, 0, std::max(0.0, layer.swipe) * request.view.size().width(),
                                       request.view.size().height()));
        else
            painter.setClipping(false);
        try {
            if (layer.data->isRaster) {
                const QImage styled
                    = renderRaster(layer, request.view, request.mapCrs, detail, result.preview);
                if (!styled.isNull())
                    painter.drawImage(QRectF(QPointF(0, 0), QSizeF(request.view.size())), styled);
            } else {
                VectorLayerPainter::paint(painter, *layer.data, layer.style, request.view);
            }
        } catch (const DataError &e) {
            result.errors << QStringLiteral("%1: %2").arg(layer.name, e.message());
        } catch (const std::exception &e) {
            result.errors << QStringLiteral("%1: %2").arg(layer.name, QString::fromUtf8(e.what()));
        }
    }
    painter.end();
    result.image = image;
    return result;
}

} // namespace deepterra
