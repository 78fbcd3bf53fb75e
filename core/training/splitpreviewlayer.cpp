#include "training/splitpreviewlayer.h"

#include "common/atomicfile.h"
#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"

#include <QFile>
#include <QFileInfo>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

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

QString driverFor(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("geojson") || suffix == QLatin1String("json"))
        return QStringLiteral("GeoJSON");
    return QStringLiteral("GPKG");
}

// The features of the first layer of the vector file at `path`; -1 when it cannot be read.
GIntBig writtenFeatureCount(const QString &path)
{
    GDALDatasetH dataset
        = GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!dataset)
        return -1;
    OGRLayerH layer = GDALDatasetGetLayerCount(dataset) > 0 ? GDALDatasetGetLayer(dataset, 0) : nullptr;
    const GIntBig count = layer ? OGR_L_GetFeatureCount(layer, TRUE) : -1;
    GDALClose(dataset);
    return count;
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
    GdalEnvironment::ensureInitialized();
    GdalErrorScope errors;
    const QByteArray driverName = driverFor(path).toLatin1();
    GDALDriverH driver = GDALGetDriverByName(driverName.constData());
    if (!driver)
        throw DataError(path, QStringLiteral("GDAL has no %1 driver").arg(QLatin1String(driverName)));
    // Written under a temporary name and renamed over the previous preview when complete, so that
    // a failure or a kill leaves the previous one whole. The suffix keeps the driver's extension.
    const QString suffix = QFileInfo(path).suffix();
    AtomicFile file(path,
                    suffix.isEmpty() ? QStringLiteral(".partial") : QStringLiteral(".partial.") + suffix);
    const QByteArray temporary = file.temporaryPath().toUtf8();
    // What a killed write left: SQLite would take up its journal.
    file.discard();
    for (const char *sidecar : { "-journal", "-wal", "-shm" })
        QFile::remove(file.temporaryPath() + QLatin1String(sidecar));
    std::unique_ptr<void, void (*)(void *)> dataset(
        GDALCreate(driver, temporary.constData(), 0, 0, 0, GDT_Unknown, nullptr),
        [](void *d) { GDALClose(static_cast<GDALDatasetH>(d)); });
    if (!dataset)
        throw DataError(path, QStringLiteral("cannot create the split preview: %1").arg(errors.lastError()));
    std::unique_ptr<void, void (*)(void *)> srs(
        nullptr, [](void *s) { OSRRelease(static_cast<OGRSpatialReferenceH>(s)); });
    if (grid.crs.isValid()) {
        srs.reset(OSRNewSpatialReference(grid.crs.wkt.toUtf8().constData()));
        OSRSetAxisMappingStrategy(static_cast<OGRSpatialReferenceH>(srs.get()), OAMS_TRADITIONAL_GIS_ORDER);
    }
    auto *ds = static_cast<GDALDatasetH>(dataset.get());
    OGRLayerH layer = GDALDatasetCreateLayer(ds, "split", static_cast<OGRSpatialReferenceH>(srs.get()),
                                             wkbMultiPolygon, nullptr);
    if (!layer)
        throw DataError(path, QStringLiteral("cannot create the split layer: %1").arg(errors.lastError()));
    for (const auto &[name, type] :
         { std::pair { "role", OFTString }, std::pair { "patches", OFTInteger } }) {
        OGRFieldDefnH field = OGR_Fld_Create(name, type);
        const OGRErr created = OGR_L_CreateField(layer, field, TRUE);
        OGR_Fld_Destroy(field);
        if (created != OGRERR_NONE)
            throw DataError(path,
                            QStringLiteral("cannot create the field %1: %2")
                                .arg(QLatin1String(name), errors.lastError()));
    }
    // GeoPackage writes in one transaction; GeoJSON has none (and writes as it goes).
    const bool transaction = GDALDatasetStartTransaction(ds, FALSE) == OGRERR_NONE;
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
            throw DataError(path, QStringLiteral("cannot write a polygon: %1").arg(errors.lastError()));
        ++features;
    }
    if (transaction && GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
        throw DataError(path, QStringLiteral("cannot write the split preview: %1").arg(errors.lastError()));
    // GDAL 3.6's GDALClose returns nothing: the close (where GPKG and GeoJSON write the rest) is
    // judged by the errors GDAL raises meanwhile.
    const int errorsBeforeClose = int(errors.errors().size());
    dataset.reset();
    if (int(errors.errors().size()) > errorsBeforeClose)
        throw DataError(path, QStringLiteral("cannot write the split preview: %1").arg(errors.lastError()));
    // Not every driver reports a failed write (GeoJSON writes as it goes and ignores short writes):
    // the file is read back before it replaces the previous one.
    if (writtenFeatureCount(file.temporaryPath()) != features)
        throw DataError(path,
                        QStringLiteral("cannot write the split preview: %1")
                            .arg(errors.lastError(QStringLiteral("the file written is incomplete"))));
    file.commit();
}

} // namespace deepterra
