#include "training/splitpreviewlayer.h"

#include "common/dataerror.h"
#include "geodata/vectorfilewriter.h"

#include <ogr_api.h>

#include <memory>

namespace deepterra {

namespace {

struct GeometryDeleter
{
    void operator()(void *geometry) const { OGR_G_DestroyGeometry(static_cast<OGRGeometryH>(geometry)); }
};
using Geometry = std::unique_ptr<void, GeometryDeleter>;

OGRGeometryH handle(const Geometry &geometry)
{
    return static_cast<OGRGeometryH>(geometry.get());
}

OGRGeometryH rectangle(const QRect &pixels, const GeoTransform &transform)
{
    OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
    const QPointF corners[]
        = { QPointF(pixels.left(), pixels.top()), QPointF(pixels.left() + pixels.width(), pixels.top()),
            QPointF(pixels.left() + pixels.width(), pixels.top() + pixels.height()),
            QPointF(pixels.left(), pixels.top() + pixels.height()), QPointF(pixels.left(), pixels.top()) };
    for (const QPointF &corner : corners) {
        const QPointF map = transform.pixelToMap(corner);
        OGR_G_AddPoint_2D(ring, map.x(), map.y());
    }
    OGRGeometryH polygon = OGR_G_CreateGeometry(wkbPolygon);
    OGR_G_AddGeometryDirectly(polygon, ring);
    return polygon;
}

// The union of the rectangles; without GEOS, the rectangles side by side.
Geometry unionOf(const std::vector<QRect> &rectangles, const GeoTransform &transform)
{
    Geometry all(OGR_G_CreateGeometry(wkbMultiPolygon));
    for (const QRect &r : rectangles)
        OGR_G_AddGeometryDirectly(handle(all), rectangle(r, transform));
    if (rectangles.size() < 2)
        return all;
    Geometry merged(OGR_G_UnionCascaded(handle(all)));
    return merged ? std::move(merged) : std::move(all);
}

} // namespace

void SplitPreviewLayer::add(const QString &role, std::vector<QRect> area, std::vector<QRect> cutOut,
                            int patches)
{
    if (!area.empty())
        m_parts.push_back(Part { role, std::move(area), std::move(cutOut), patches });
}

int SplitPreviewLayer::count(const QString &role) const
{
    int n = 0;
    for (const Part &part : m_parts)
        n += part.role == role ? 1 : 0;
    return n;
}

void SplitPreviewLayer::write(const QString &path, const RasterGrid &grid) const
{
    VectorFileWriter file(path);
    auto layer = static_cast<OGRLayerH>(file.createLayer(
        "split", grid.crs, wkbMultiPolygon, { { "role", OFTString }, { "patches", OFTInteger } }));
    file.beginFeatures();
    GIntBig features = 0;
    for (const Part &part : m_parts) {
        Geometry geometry = unionOf(part.area, grid.geoTransform);
        if (!part.cutOut.empty()) {
            const Geometry cut = unionOf(part.cutOut, grid.geoTransform);
            if (Geometry rest { OGR_G_Difference(handle(geometry), handle(cut)) })
                geometry = std::move(rest);
        }
        if (OGR_G_IsEmpty(handle(geometry)))
            continue;
        OGRFeatureH feature = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        OGR_F_SetFieldString(feature, 0, part.role.toUtf8().constData());
        OGR_F_SetFieldInteger(feature, 1, part.patches);
        OGR_F_SetGeometryDirectly(feature,
                                  OGR_G_ForceToMultiPolygon(static_cast<OGRGeometryH>(geometry.release())));
        const OGRErr created = OGR_L_CreateFeature(layer, feature);
        OGR_F_Destroy(feature);
        if (created != OGRERR_NONE)
            throw DataError(path,
                            QStringLiteral("cannot write a polygon: %1").arg(file.errors().lastError()));
        ++features;
    }
    file.endFeatures();
    file.commit(features);
}

} // namespace deepterra
