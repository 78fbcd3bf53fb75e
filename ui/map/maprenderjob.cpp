#include "map/maprenderjob.h"

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "map/rasterstyler.h"
#include "map/vectorlayerpainter.h"
#include "render/maplayerdata.h"
#include "render/maprasterreader.h"

#include <QPainter>

#include <cmath>

namespace deepterra {

namespace {

// Metres per map unit where a DEM's slope is measured: degrees shrink with latitude, but the
// hillshade only needs the right order of magnitude (gdaldem's -s 111120 does the same).
double metresPerUnit(const CrsInfo &crs)
{
    return crs.geographic ? 111120.0 : 1.0;
}

QImage renderRaster(const LayerRenderInput &layer, const MapView &view, const CrsInfo &mapCrs, double detail)
{
    const RasterDataset dataset = RasterDataset::open(layer.data->rasterPath);
    const bool hillshade = layer.style.renderer == LayerStyle::Renderer::Dem && layer.style.hillshade;
    // One more pixel around the view gives the hillshade its neighbours at the screen's edges.
    const int margin = hillshade ? 1 : 0;
    const RasterGrid grid = view.grid(mapCrs, detail, margin);
    // Elevations are read bilinearly: seen closer than their resolution, nearest neighbour would
    // turn them into terraces and their hillshade into a checkerboard.
    const Resampling resampling
        = layer.style.renderer == LayerStyle::Renderer::Dem ? Resampling::Bilinear : Resampling::Nearest;
    const RasterBuffer buffer = MapRasterReader::read(dataset, grid, layer.style.bands(), resampling);
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
        try {
            if (layer.data->isRaster) {
                const QImage styled = renderRaster(layer, request.view, request.mapCrs, detail);
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
