#include "labels/vectordataset.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"

#include <QFileInfo>

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

namespace deepterra {

namespace {

void closeDataset(void *handle)
{
    if (handle)
        GDALClose(static_cast<GDALDatasetH>(handle));
}

} // namespace

VectorDataset::VectorDataset(const QString &path, void *handle)
    : m_path(path)
    , m_handle(handle, &closeDataset)
{ }

VectorDataset::VectorDataset(VectorDataset &&other) noexcept = default;
VectorDataset &VectorDataset::operator=(VectorDataset &&other) noexcept = default;
VectorDataset::~VectorDataset() = default;

VectorDataset VectorDataset::open(const QString &path)
{
    GdalEnvironment::ensureInitialized();
    if (!path.startsWith(QLatin1String("/vsi"))) {
        const QFileInfo file(path);
        if (!file.exists())
            throw DataError(path, QStringLiteral("file not found"));
        if (!file.isFile() && !file.isDir()) // a folder of shapefiles is a vector data source too
            throw DataError(path, QStringLiteral("not a file"));
        if (!file.isReadable())
            throw DataError(path, QStringLiteral("file is not readable (permissions)"));
    }
    GdalErrorScope errors;
    const QByteArray utf8 = path.toUtf8();
    GDALDatasetH handle
        = GDALOpenEx(utf8.constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, nullptr,
                     nullptr, nullptr);
    if (!handle)
        throw DataError(path,
                        QStringLiteral("cannot open as a vector file: %1")
                            .arg(errors.lastError(QStringLiteral("not a vector format GDAL can read"))));
    VectorDataset dataset(path, handle);
    if (GDALDatasetGetLayerCount(handle) == 0)
        throw DataError(path, QStringLiteral("the file holds no vector layers"));
    return dataset;
}

QStringList VectorDataset::layerNames() const
{
    QStringList names;
    auto *handle = static_cast<GDALDatasetH>(m_handle.get());
    for (int i = 0; i < GDALDatasetGetLayerCount(handle); ++i)
        names.append(QString::fromUtf8(OGR_L_GetName(GDALDatasetGetLayer(handle, i))));
    return names;
}

void *VectorDataset::layer(const QString &name) const
{
    auto *handle = static_cast<GDALDatasetH>(m_handle.get());
    if (name.isEmpty())
        return GDALDatasetGetLayer(handle, 0);
    GdalErrorScope errors;
    if (OGRLayerH layer = GDALDatasetGetLayerByName(handle, name.toUtf8().constData()))
        return layer;
    throw DataError(m_path,
                    QStringLiteral("no layer named '%1' (layers: %2)")
                        .arg(name, layerNames().join(QStringLiteral(", "))));
}

CrsInfo VectorDataset::layerCrs(void *layer)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(static_cast<OGRLayerH>(layer));
    if (!srs)
        return {};
    char *wkt = nullptr;
    const char *options[] = { "FORMAT=WKT2_2018", nullptr };
    CrsInfo crs;
    if (OSRExportToWktEx(srs, &wkt, options) == OGRERR_NONE && wkt)
        crs = CrsInfo::fromWkt(QString::fromUtf8(wkt));
    CPLFree(wkt);
    return crs;
}

VectorLayerInfo VectorDataset::describeLayer(void *handle)
{
    auto *layer = static_cast<OGRLayerH>(handle);
    GdalErrorScope errors;
    VectorLayerInfo info;
    info.name = QString::fromUtf8(OGR_L_GetName(layer));
    info.geometryType = QString::fromUtf8(OGRGeometryTypeToName(OGR_L_GetGeomType(layer)));
    info.featureCount = OGR_L_GetFeatureCount(layer, TRUE);
    info.crs = layerCrs(layer);
    OGREnvelope envelope;
    if (OGR_L_GetExtent(layer, &envelope, TRUE) == OGRERR_NONE)
        info.extent = QRectF(QPointF(envelope.MinX, envelope.MinY), QPointF(envelope.MaxX, envelope.MaxY));
    OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
    for (int i = 0; i < OGR_FD_GetFieldCount(definition); ++i)
        info.fields.append(QString::fromUtf8(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, i))));
    return info;
}

} // namespace deepterra
