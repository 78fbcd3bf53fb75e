#include "labels/vectorlabelsource.h"

#include "common/dataerror.h"
#include "geodata/gdalerrorscope.h"
#include "jobs/feedback.h"
#include "labels/labelplacement.h"
#include "labels/vectorclassfield.h"
#include "labels/vectordataset.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <optional>

namespace deepterra {

namespace {

// Geometries handed to GDAL per call: bounds memory on large layers and paces progress reports.
constexpr std::size_t kBatchSize = 1000;

struct FeatureDeleter
{
    void operator()(void *feature) const { OGR_F_Destroy(static_cast<OGRFeatureH>(feature)); }
};
struct GeometryDeleter
{
    void operator()(void *geometry) const { OGR_G_DestroyGeometry(static_cast<OGRGeometryH>(geometry)); }
};
struct SrsDeleter
{
    void operator()(void *srs) const { OSRDestroySpatialReference(static_cast<OGRSpatialReferenceH>(srs)); }
};
struct TransformDeleter
{
    void operator()(void *ct) const
    {
        OCTDestroyCoordinateTransformation(static_cast<OGRCoordinateTransformationH>(ct));
    }
};
struct DatasetCloser
{
    void operator()(void *ds) const { GDALClose(static_cast<GDALDatasetH>(ds)); }
};
using GeometryPtr = std::unique_ptr<void, GeometryDeleter>;

bool isPolygonal(OGRwkbGeometryType type)
{
    const OGRwkbGeometryType flat = wkbFlatten(type);
    return OGR_GT_IsSubClassOf(flat, wkbCurvePolygon) || OGR_GT_IsSubClassOf(flat, wkbMultiSurface)
        || flat == wkbPolyhedralSurface || flat == wkbTIN;
}

QString nameOf(OGRLayerH layer)
{
    return QString::fromUtf8(OGR_L_GetName(layer));
}

// The transformation from the layer's coordinates to the grid's, or null when none is needed.
std::unique_ptr<void, TransformDeleter> toGridTransform(const QString &path, OGRLayerH layer,
                                                        const RasterGrid &grid)
{
    OGRSpatialReferenceH layerSrs = OGR_L_GetSpatialRef(layer);
    if (!layerSrs || !grid.crs.isValid())
        return nullptr;
    std::unique_ptr<void, SrsDeleter> gridSrs(OSRNewSpatialReference(nullptr));
    auto *target = static_cast<OGRSpatialReferenceH>(gridSrs.get());
    if (OSRSetFromUserInput(target, grid.crs.wkt.toUtf8().constData()) != OGRERR_NONE)
        throw DataError(path, QStringLiteral("the image's CRS cannot be read by GDAL"));
    // The grid's geotransform is x = easting/longitude whatever the CRS's official axis order. The
    // layer's SRS keeps the axis mapping its driver set, which describes how the file stores points.
    OSRSetAxisMappingStrategy(target, OAMS_TRADITIONAL_GIS_ORDER);
    if (OSRIsSame(layerSrs, target))
        return nullptr;
    GdalErrorScope errors;
    std::unique_ptr<void, TransformDeleter> transform(OCTNewCoordinateTransformation(layerSrs, target));
    if (!transform)
        throw DataError(path,
                        QStringLiteral("cannot transform layer '%1' from %2 to the image's %3: %4")
                            .arg(nameOf(layer), LabelPlacement::crsLabel(VectorDataset::layerCrs(layer)),
                                 LabelPlacement::crsLabel(grid.crs),
                                 errors.lastError(QStringLiteral("no transformation known"))));
    return transform;
}

// The layer's extent in the grid's coordinates. The layer's own transformation is used rather
// than its CRS's WKT: it keeps the axis order in which the driver says the file stores points.
std::optional<QRectF> layerExtentOnGrid(OGRLayerH layer, void *transform)
{
    OGREnvelope extent;
    if (OGR_L_GetExtent(layer, &extent, TRUE) != OGRERR_NONE)
        return std::nullopt;
    if (!transform)
        return QRectF(QPointF(extent.MinX, extent.MinY), QPointF(extent.MaxX, extent.MaxY));
    GdalErrorScope errors; // a failed transformation is an answer here, not something to print
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
    // 21 points per edge: the transformed outline of a large extent bends.
    if (!OCTTransformBounds(static_cast<OGRCoordinateTransformationH>(transform), extent.MinX, extent.MinY,
                            extent.MaxX, extent.MaxY, &minX, &minY, &maxX, &maxY, 21))
        return std::nullopt;
    return QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
}

// The grid's extent in the layer's coordinates, grown by a pixel: the spatial filter of a strip.
// Nothing (no filter) when the transformation cannot be made.
std::optional<QRectF> gridExtentInLayer(OGRLayerH layer, const RasterGrid &grid)
{
    const QRectF extent = grid.extent();
    const double margin = std::max(std::abs(grid.geoTransform.coefficients()[1]),
                                   std::abs(grid.geoTransform.coefficients()[5]));
    const QRectF grown = extent.adjusted(-margin, -margin, margin, margin);
    OGRSpatialReferenceH layerSrs = OGR_L_GetSpatialRef(layer);
    if (!layerSrs || !grid.crs.isValid())
        return grown;
    std::unique_ptr<void, SrsDeleter> gridSrs(OSRNewSpatialReference(nullptr));
    auto *source = static_cast<OGRSpatialReferenceH>(gridSrs.get());
    GdalErrorScope errors; // a failure here only means reading every feature
    if (OSRSetFromUserInput(source, grid.crs.wkt.toUtf8().constData()) != OGRERR_NONE)
        return std::nullopt;
    OSRSetAxisMappingStrategy(source, OAMS_TRADITIONAL_GIS_ORDER);
    if (OSRIsSame(layerSrs, source))
        return grown;
    std::unique_ptr<void, TransformDeleter> transform(OCTNewCoordinateTransformation(source, layerSrs));
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
    if (!transform
        || !OCTTransformBounds(static_cast<OGRCoordinateTransformationH>(transform.get()), grown.left(),
                               grown.top(), grown.right(), grown.bottom(), &minX, &minY, &maxX, &maxY, 21))
        return std::nullopt;
    return QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
}

// A band of a MEM dataset over `data`, so that GDAL burns straight into the label grid.
std::unique_ptr<void, DatasetCloser> memoryDatasetOver(std::int32_t *data, const RasterGrid &grid)
{
    std::unique_ptr<void, DatasetCloser> dataset(
        GDALCreate(GDALGetDriverByName("MEM"), "", grid.width, grid.height, 0, GDT_Int32, nullptr));
    if (!dataset)
        return dataset;
    char pointer[64] = {};
    CPLPrintPointer(pointer, data, sizeof(pointer) - 1);
    const QByteArray dataPointer = QByteArray("DATAPOINTER=") + pointer;
    const char *options[] = { dataPointer.constData(), nullptr };
    auto *handle = static_cast<GDALDatasetH>(dataset.get());
    if (GDALAddBand(handle, GDT_Int32, const_cast<char **>(options)) != CE_None)
        return nullptr;
    std::array<double, 6> transform = grid.geoTransform.coefficients();
    GDALSetGeoTransform(handle, transform.data());
    return dataset;
}

} // namespace

std::vector<VectorLayerInfo> VectorLabelSource::describe(const QString &path)
{
    const VectorDataset dataset = VectorDataset::open(path);
    std::vector<VectorLayerInfo> layers;
    for (const QString &name : dataset.layerNames())
        layers.push_back(VectorDataset::describeLayer(dataset.layer(name)));
    return layers;
}

LabelGrid VectorLabelSource::rasterize(const QString &path, const QString &classField,
                                       const RasterGrid &target, const QString &layerName, Feedback *feedback,
                                       LabelOverlap overlap, const ClassTable *classes)
{
    const bool required = overlap == LabelOverlap::Required;
    const VectorDataset dataset = VectorDataset::open(path);
    auto *layer = static_cast<OGRLayerH>(dataset.layer(layerName));
    const QString name = QString::fromUtf8(OGR_L_GetName(layer));
    if (!target.isValid())
        throw DataError(
            path,
            QStringLiteral("the target grid is empty (%1x%2 pixels)").arg(target.width).arg(target.height));

    GdalErrorScope errors;
    const OGRwkbGeometryType declaredType = OGR_L_GetGeomType(layer);
    if (declaredType == wkbNone)
        throw DataError(path,
                        QStringLiteral("layer '%1' has no geometries: labels must be polygons").arg(name));
    if (declaredType != wkbUnknown && wkbFlatten(declaredType) != wkbGeometryCollection
        && !isPolygonal(declaredType))
        throw DataError(path,
                        QStringLiteral("layer '%1' holds %2 geometries: labels must be polygons")
                            .arg(name, QString::fromUtf8(OGRGeometryTypeToName(declaredType))));
    // A strip of a large image is one of many calls: counting features may read the whole file.
    const GIntBig featureCount = OGR_L_GetFeatureCount(layer, required ? TRUE : FALSE);
    if (featureCount == 0)
        throw DataError(path, QStringLiteral("layer '%1' holds no features").arg(name));

    VectorClassField field(path, layer, classField);
    const CrsInfo layerCrs = VectorDataset::layerCrs(layer);
    LabelPlacement::requireComparableCrs(path, layerCrs, target, QStringLiteral("layer '%1'").arg(name),
                                         QStringLiteral("ogr2ogr -a_srs"));
    const auto transform = toGridTransform(path, layer, target);
    // An extent that cannot be transformed as a whole may still overlap in part: the features decide.
    if (const auto extent = layerExtentOnGrid(layer, transform.get()); extent && required)
        LabelPlacement::requireOverlap(path, extent, target);

    LabelGrid labels;
    labels.grid = target;
    if (classes)
        field.useClasses(*classes);
    else
        field.readClasses();
    labels.classes = field.classes();
    // A strip of a large image reads only the features that may reach it (the layer's spatial
    // index, where it has one, answers without reading the others).
    if (!required)
        if (const auto area = gridExtentInLayer(layer, target))
            OGR_L_SetSpatialFilterRect(layer, area->left(), area->top(), area->right(), area->bottom());
    labels.indices.assign(std::size_t(target.width) * std::size_t(target.height), LabelGrid::kIgnore);
    const auto burnTarget = memoryDatasetOver(labels.indices.data(), target);
    if (!burnTarget)
        throw DataError(path,
                        QStringLiteral("cannot create the in-memory label grid: %1")
                            .arg(errors.lastError(QStringLiteral("out of memory?"))));

    const QRectF imageExtent = target.extent();
    std::optional<QRectF> burntExtent; // of the polygons that were transformed, for the no-overlap message
    std::vector<GeometryPtr> batch;
    std::vector<double> burnValues;
    bool anyOnImage = false;
    auto flush = [&] {
        if (batch.empty())
            return;
        std::vector<OGRGeometryH> geometries;
        for (const GeometryPtr &geometry : batch)
            geometries.push_back(static_cast<OGRGeometryH>(geometry.get()));
        const int band = 1;
        const CPLErr result = GDALRasterizeGeometries(static_cast<GDALDatasetH>(burnTarget.get()), 1, &band,
                                                      int(geometries.size()), geometries.data(), nullptr,
                                                      nullptr, burnValues.data(), nullptr, nullptr, nullptr);
        if (result != CE_None)
            throw DataError(path,
                            QStringLiteral("cannot rasterize layer '%1': %2")
                                .arg(name, errors.lastError(QStringLiteral("rasterization failed"))));
        batch.clear();
        burnValues.clear();
    };

    // Only failures while reading features count from here on: drivers may complain earlier about
    // things they then work around (an extent they cannot compute quickly, for example).
    errors.clear();
    OGR_L_ResetReading(layer);
    qint64 processed = 0;
    while (std::unique_ptr<void, FeatureDeleter> feature { OGR_L_GetNextFeature(layer) }) {
        auto *f = static_cast<OGRFeatureH>(feature.get());
        ++processed;
        OGRGeometryH geometry = OGR_F_GetGeometryRef(f);
        const std::int32_t classIndex = field.classIndex(f);
        if (!geometry || OGR_G_IsEmpty(geometry) || classIndex == LabelGrid::kIgnore)
            continue;
        if (!isPolygonal(OGR_G_GetGeometryType(geometry)))
            throw DataError(path,
                            QStringLiteral("feature %1 of layer '%2' is a %3: labels must be polygons")
                                .arg(OGR_F_GetFID(f))
                                .arg(name, QString::fromUtf8(OGR_G_GetGeometryName(geometry))));
        GeometryPtr copy(OGR_G_HasCurveGeometry(geometry, TRUE)
                             ? OGR_G_GetLinearGeometry(geometry, 0, nullptr)
                             : OGR_G_Clone(geometry));
        if (transform
            && OGR_G_Transform(static_cast<OGRGeometryH>(copy.get()),
                               static_cast<OGRCoordinateTransformationH>(transform.get()))
                != OGRERR_NONE)
            throw DataError(path,
                            QStringLiteral("feature %1 of layer '%2' cannot be transformed to the image's "
                                           "%3: %4")
                                .arg(OGR_F_GetFID(f))
                                .arg(name, LabelPlacement::crsLabel(target.crs),
                                     errors.lastError(QStringLiteral("outside the projection's domain"))));
        OGREnvelope envelope;
        OGR_G_GetEnvelope(static_cast<OGRGeometryH>(copy.get()), &envelope);
        const QRectF bounds(QPointF(envelope.MinX, envelope.MinY), QPointF(envelope.MaxX, envelope.MaxY));
        burntExtent = burntExtent ? burntExtent->united(bounds) : bounds;
        // Envelopes of zero width (degenerate polygons) cannot reach a pixel centre either.
        if (!LabelPlacement::overlaps(bounds, imageExtent))
            continue;
        anyOnImage = true;
        batch.push_back(std::move(copy));
        burnValues.push_back(classIndex);
        if (batch.size() >= kBatchSize) {
            flush();
            if (feedback) {
                feedback->setProgress(100.0 * double(processed) / double(std::max<GIntBig>(featureCount, 1)));
                feedback->checkpoint();
            }
        }
    }
    flush();
    if (!errors.errors().isEmpty())
        throw DataError(
            path, QStringLiteral("cannot read the features of layer '%1': %2").arg(name, errors.lastError()));

    if (required && labels.labelledCount() == 0) {
        if (!anyOnImage)
            LabelPlacement::requireOverlap(path, burntExtent, target);
        throw DataError(path,
                        QStringLiteral("the polygons of layer '%1' overlap the image but contain no pixel "
                                       "centre (they are smaller than a pixel or lie between centres)")
                            .arg(name));
    }
    return labels;
}

} // namespace deepterra
