#include "render/classpolygonreader.h"

#include "common/dataerror.h"
#include "geodata/gdalerrorscope.h"
#include "jobs/feedback.h"
#include "labels/vectorclassfield.h"
#include "labels/vectordataset.h"
#include "render/coordinatetransformer.h"

#include <ogr_api.h>

#include <algorithm>
#include <limits>
#include <memory>

namespace deepterra {

namespace {

struct FeatureDeleter
{
    void operator()(void *feature) const { OGR_F_Destroy(static_cast<OGRFeatureH>(feature)); }
};
struct GeometryDeleter
{
    void operator()(void *geometry) const { OGR_G_DestroyGeometry(static_cast<OGRGeometryH>(geometry)); }
};

std::vector<QPointF> ringPoints(OGRGeometryH ring)
{
    std::vector<QPointF> points;
    const int count = OGR_G_GetPointCount(ring);
    points.reserve(std::size_t(std::max(count, 0)));
    for (int i = 0; i < count; ++i)
        points.emplace_back(OGR_G_GetX(ring, i), OGR_G_GetY(ring, i));
    return points;
}

// Appends the polygons of a (multi)polygon, transformed, to `out`; false when it holds none.
bool collectPolygons(OGRGeometryH geometry, int classIndex, const CoordinateTransformer &transform,
                     std::vector<ClassPolygon> &out)
{
    const OGRwkbGeometryType type = wkbFlatten(OGR_G_GetGeometryType(geometry));
    if (type == wkbPolygon) {
        ClassPolygon polygon;
        polygon.classIndex = classIndex;
        for (int r = 0; r < OGR_G_GetGeometryCount(geometry); ++r) {
            std::vector<QPointF> ring = ringPoints(OGR_G_GetGeometryRef(geometry, r));
            std::vector<double> x, y;
            for (const QPointF &p : ring) {
                x.push_back(p.x());
                y.push_back(p.y());
            }
            if (!transform.transform(x, y))
                return false;
            for (std::size_t i = 0; i < ring.size(); ++i)
                ring[i] = QPointF(x[i], y[i]);
            polygon.rings.push_back(std::move(ring));
        }
        if (polygon.rings.empty())
            return false;
        out.push_back(std::move(polygon));
        return true;
    }
    if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
        bool any = false;
        for (int i = 0; i < OGR_G_GetGeometryCount(geometry); ++i)
            any = collectPolygons(OGR_G_GetGeometryRef(geometry, i), classIndex, transform, out) || any;
        return any;
    }
    if (OGR_GT_IsSubClassOf(type, wkbCurvePolygon) || OGR_GT_IsSubClassOf(type, wkbMultiSurface)) {
        std::unique_ptr<void, GeometryDeleter> linear(OGR_G_GetLinearGeometry(geometry, 0, nullptr));
        return linear && collectPolygons(static_cast<OGRGeometryH>(linear.get()), classIndex, transform, out);
    }
    return false;
}

QRectF boundsOf(const std::vector<ClassPolygon> &polygons)
{
    double minX = std::numeric_limits<double>::infinity(), minY = minX, maxX = -minX, maxY = -minX;
    for (const ClassPolygon &polygon : polygons)
        for (const QPointF &p : polygon.rings.front()) {
            minX = std::min(minX, p.x());
            maxX = std::max(maxX, p.x());
            minY = std::min(minY, p.y());
            maxY = std::max(maxY, p.y());
        }
    if (polygons.empty())
        return {};
    return QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
}

} // namespace

ClassPolygons ClassPolygonReader::read(const QString &path, const QString &layerName,
                                       const QString &classField, const CrsInfo &mapCrs, Feedback *feedback)
{
    const VectorDataset dataset = VectorDataset::open(path);
    auto *layer = static_cast<OGRLayerH>(dataset.layer(layerName));
    ClassPolygons result;
    result.layer = QString::fromUtf8(OGR_L_GetName(layer));
    result.classField = classField;
    OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
    for (int i = 0; i < OGR_FD_GetFieldCount(definition); ++i)
        result.fields.append(QString::fromUtf8(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, i))));
    result.sourceCrs = VectorDataset::layerCrs(layer);
    // GeoPackage stores "no CRS" as an undefined geographic or Cartesian SRS: treat it as none.
    if (result.sourceCrs.name.startsWith(QLatin1String("Undefined ")))
        result.sourceCrs = CrsInfo();
    std::unique_ptr<CoordinateTransformer> transform;
    try {
        transform = std::make_unique<CoordinateTransformer>(result.sourceCrs, mapCrs);
    } catch (const DataError &e) {
        throw DataError(path, QStringLiteral("layer '%1': %2").arg(result.layer, e.cause()));
    }

    std::unique_ptr<VectorClassField> field;
    if (!classField.isEmpty()) {
        field = std::make_unique<VectorClassField>(path, layer, classField);
        result.classes = field->readClasses();
    }

    GdalErrorScope errors;
    const GIntBig total = std::max<GIntBig>(OGR_L_GetFeatureCount(layer, FALSE), 1);
    GIntBig seen = 0;
    OGR_L_ResetReading(layer);
    while (std::unique_ptr<void, FeatureDeleter> feature { OGR_L_GetNextFeature(layer) }) {
        auto *handle = static_cast<OGRFeatureH>(feature.get());
        OGRGeometryH geometry = OGR_F_GetGeometryRef(handle);
        const int classIndex = field ? int(field->classIndex(handle)) : -1;
        if (!geometry || !collectPolygons(geometry, classIndex, *transform, result.polygons))
            ++result.skippedFeatures;
        if (feedback && ++seen % 1000 == 0) {
            feedback->setProgress(100.0 * double(seen) / double(total));
            feedback->checkpoint();
        }
    }
    if (result.polygons.empty())
        throw DataError(path,
                        QStringLiteral("layer '%1' holds no polygon that can be drawn").arg(result.layer));
    result.extent = boundsOf(result.polygons);
    return result;
}

} // namespace deepterra
