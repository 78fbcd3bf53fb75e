#include "geodata/vectorfilewriter.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"

#include <QFile>
#include <QFileInfo>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

namespace deepterra {

namespace {

QString driverFor(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("geojson") || suffix == QLatin1String("json"))
        return QStringLiteral("GeoJSON");
    return QStringLiteral("GPKG");
}

// The temporary name keeps the driver's extension: ".partial.gpkg".
QString temporarySuffix(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix();
    return suffix.isEmpty() ? QStringLiteral(".partial") : QStringLiteral(".partial.") + suffix;
}

// The features of the first layer of the vector file at `path`; -1 when it cannot be read.
GIntBig featureCount(const QString &path)
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

VectorFileWriter::VectorFileWriter(QString path)
    : m_file(path, temporarySuffix(path))
{
    GdalEnvironment::ensureInitialized();
    const QByteArray driverName = driverFor(path).toLatin1();
    GDALDriverH driver = GDALGetDriverByName(driverName.constData());
    if (!driver)
        throw DataError(path, QStringLiteral("GDAL has no %1 driver").arg(QLatin1String(driverName)));
    // What a killed write left: SQLite would take up its journal.
    m_file.discard();
    for (const char *sidecar : { "-journal", "-wal", "-shm" })
        QFile::remove(m_file.temporaryPath() + QLatin1String(sidecar));
    m_dataset
        = GDALCreate(driver, m_file.temporaryPath().toUtf8().constData(), 0, 0, 0, GDT_Unknown, nullptr);
    if (!m_dataset)
        throw DataError(path, QStringLiteral("cannot create the file: %1").arg(m_errors.lastError()));
}

VectorFileWriter::~VectorFileWriter()
{
    if (m_dataset)
        GDALClose(static_cast<GDALDatasetH>(m_dataset));
}

void *VectorFileWriter::createLayer(const char *name, const CrsInfo &crs, int geometryType,
                                    std::initializer_list<Field> fields)
{
    OGRSpatialReferenceH srs = nullptr;
    if (crs.isValid()) {
        srs = OSRNewSpatialReference(crs.wkt.toUtf8().constData());
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    }
    OGRLayerH layer = GDALDatasetCreateLayer(static_cast<GDALDatasetH>(m_dataset), name, srs,
                                             static_cast<OGRwkbGeometryType>(geometryType), nullptr);
    if (srs)
        OSRRelease(srs);
    if (!layer)
        throw DataError(
            path(),
            QStringLiteral("cannot create the layer %1: %2").arg(QLatin1String(name), m_errors.lastError()));
    for (const Field &field : fields) {
        OGRFieldDefnH definition = OGR_Fld_Create(field.name, static_cast<OGRFieldType>(field.type));
        const OGRErr created = OGR_L_CreateField(layer, definition, TRUE);
        OGR_Fld_Destroy(definition);
        if (created != OGRERR_NONE)
            throw DataError(path(),
                            QStringLiteral("cannot create the field %1: %2")
                                .arg(QLatin1String(field.name), m_errors.lastError()));
    }
    return layer;
}

void VectorFileWriter::beginFeatures()
{
    // GeoJSON has no transactions (and writes as it goes).
    m_transaction = GDALDatasetStartTransaction(static_cast<GDALDatasetH>(m_dataset), FALSE) == OGRERR_NONE;
}

void VectorFileWriter::endFeatures()
{
    if (m_transaction && GDALDatasetCommitTransaction(static_cast<GDALDatasetH>(m_dataset)) != OGRERR_NONE)
        throw DataError(path(), QStringLiteral("cannot write the features: %1").arg(m_errors.lastError()));
    m_transaction = false;
}

void VectorFileWriter::close()
{
    // GDAL 3.6's GDALClose returns nothing: the close (where GPKG and GeoJSON write the rest) is
    // judged by the errors GDAL raises meanwhile.
    const int errorsBeforeClose = int(m_errors.errors().size());
    GDALClose(static_cast<GDALDatasetH>(m_dataset));
    m_dataset = nullptr;
    if (int(m_errors.errors().size()) > errorsBeforeClose)
        throw DataError(path(), QStringLiteral("cannot write the file: %1").arg(m_errors.lastError()));
}

void VectorFileWriter::commit(long long features)
{
    close();
    if (featureCount(m_file.temporaryPath()) != features)
        throw DataError(path(),
                        QStringLiteral("cannot write the file: %1")
                            .arg(m_errors.lastError(QStringLiteral("the file written is incomplete"))));
    m_file.commit();
}

} // namespace deepterra
