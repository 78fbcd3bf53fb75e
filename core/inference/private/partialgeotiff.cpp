#include "inference/private/partialgeotiff.h"

#include "common/atomicfile.h"
#include "common/dataerror.h"
#include "common/systemwritefailure.h"
#include "geodata/gdalerrorscope.h"

#include <QFile>

#include <cpl_string.h>
#include <cpl_vsi.h>

#include <array>
#include <cerrno>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace deepterra {

namespace {

constexpr int kBlock = PartialGeoTiff::kBlockSize;

// GDAL's first failure since `errors` was opened, without libtiff's function-name prefix
// ("_tiffWriteProc:No space left on device"): the first one is the cause, the later ones its echoes.
// Where GDAL gives no system reason ("Write error at scanline 256", GDAL 3.10), the system's one
// leads: a geoscientist can act on "No space left on device".
QString writeFailure(const GdalErrorScope &errors, int savedErrno, const QString &writtenPath)
{
    QString message;
    if (!errors.errors().isEmpty()) {
        message = errors.errors().constFirst();
        const int colon = message.indexOf(QLatin1Char(':'));
        if (colon > 0 && !message.left(colon).contains(QLatin1Char(' ')))
            message = message.mid(colon + 1).trimmed();
    }
    const QString system = SystemWriteFailure::reason(savedErrno, writtenPath);
    if (system.isEmpty() || message.contains(system))
        return message.isEmpty() ? QStringLiteral("write failed") : message;
    return message.isEmpty() ? system : QStringLiteral("%1 (%2)").arg(system, message);
}

} // namespace

PartialGeoTiff::PartialGeoTiff(const QString &path, const RasterGrid &grid, GDALDataType type, int bands,
                               bool reopen)
    : m_path(path)
    , m_bands(bands)
{
    GdalErrorScope errors;
    if (reopen) {
        // The interrupted prediction's file, with its georeferencing, legend and written blocks.
        m_dataset = GDALOpenEx(partialPath(path).toUtf8().constData(), GDAL_OF_RASTER | GDAL_OF_UPDATE,
                               nullptr, nullptr, nullptr);
        if (!m_dataset || GDALGetRasterXSize(m_dataset) != grid.width
            || GDALGetRasterYSize(m_dataset) != grid.height || GDALGetRasterCount(m_dataset) != bands) {
            closeQuietly();
            throw DataError(
                partialPath(path),
                QStringLiteral("cannot go on with the interrupted prediction: %1")
                    .arg(errors.lastError(QStringLiteral("the file does not fit the prediction"))));
        }
        return;
    }
    char **options = nullptr;
    options = CSLSetNameValue(options, "TILED", "YES");
    options = CSLSetNameValue(options, "BLOCKXSIZE", QByteArray::number(kBlock).constData());
    options = CSLSetNameValue(options, "BLOCKYSIZE", QByteArray::number(kBlock).constData());
    options = CSLSetNameValue(options, "COMPRESS", "DEFLATE");
    // The floating-point predictor (byte planes of neighbour differences) lets DEFLATE find the
    // smoothness of probabilities and errors: a 20000 x 600 confidence map takes 28 instead of 35 MB.
    // DEFLATE's fastest level costs float maps 2 % of their size (4096 x 4096 confidence: 40.3
    // instead of 39.5 MB) and halves the time compressing them (0.75 instead of 1.26 s), time the
    // network would otherwise share its cores with.
    if (type == GDT_Float32) {
        options = CSLSetNameValue(options, "PREDICTOR", "3");
        options = CSLSetNameValue(options, "ZLEVEL", "1");
    }
    options = CSLSetNameValue(options, "BIGTIFF", "IF_SAFER");
    if (bands > 1)
        options = CSLSetNameValue(options, "INTERLEAVE", "BAND");
    m_dataset = GDALCreate(GDALGetDriverByName("GTiff"), partialPath(path).toUtf8().constData(), grid.width,
                           grid.height, bands, type, options);
    CSLDestroy(options);
    if (!m_dataset)
        throw DataError(path,
                        QStringLiteral("cannot create the output: %1")
                            .arg(errors.lastError(QStringLiteral("GDAL refused the GeoTIFF"))));
    const std::array<double, 6> c = grid.geoTransform.coefficients();
    double transform[6] = { c[0], c[1], c[2], c[3], c[4], c[5] };
    GDALSetGeoTransform(m_dataset, transform);
    if (grid.crs.isValid())
        GDALSetProjection(m_dataset, grid.crs.wkt.toUtf8().constData());
}

PartialGeoTiff::~PartialGeoTiff()
{
    closeQuietly();
}

void PartialGeoTiff::closeQuietly()
{
    GdalErrorScope quiet; // closing a file whose writes failed repeats the failure
    if (m_dataset)
        GDALClose(m_dataset);
    m_dataset = nullptr;
}

void PartialGeoTiff::throwWriteFailure(const GdalErrorScope &errors, int savedErrno) const
{
    throw DataError(m_path,
                    QStringLiteral("could not write the output: %1; the incomplete file was removed")
                        .arg(writeFailure(errors, savedErrno, partialPath(m_path))));
}

void PartialGeoTiff::writeRows(int band, int firstColumn, int firstRow, int width, int rows, float *values)
{
    GdalErrorScope errors;
    GDALRasterBandH handle = GDALGetRasterBand(m_dataset, band);
    // The rows complete whole blocks: written at once, on this thread, so that a failure (a full
    // disk) is seen here and not lost in a later eviction from GDAL's cache elsewhere.
    const bool written = GDALRasterIO(handle, GF_Write, firstColumn, firstRow, width, rows, values, width,
                                      rows, GDT_Float32, 0, 0)
            == CE_None
        && GDALFlushRasterCache(handle) == CE_None;
    const int savedErrno = errno;
    if (!written || !errors.errors().isEmpty())
        throwWriteFailure(errors, savedErrno);
}

void PartialGeoTiff::flushToDisk()
{
    // GDAL 3.6's GeoTIFF driver writes the directory of a file being created before the blocks of
    // the same flush: after one flush a reader finds all but the newest row of blocks, after a
    // second one all of them (holdsBlock checks).
    GdalErrorScope errors;
    for (int flush = 0; flush < 2; ++flush)
        GDALFlushCache(m_dataset);
    const int savedErrno = errno;
    if (!errors.errors().isEmpty())
        throwWriteFailure(errors, savedErrno);
}

bool PartialGeoTiff::holdsBlock(int x, int y) const
{
    GdalErrorScope quiet;
    GDALDatasetH reader = GDALOpenEx(partialPath(m_path).toUtf8().constData(),
                                     GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!reader)
        return false;
    const QByteArray key
        = QByteArrayLiteral("BLOCK_OFFSET_") + QByteArray::number(x) + '_' + QByteArray::number(y);
    bool found = true;
    for (int band : { 1, m_bands }) {
        const char *offset = GDALGetMetadataItem(GDALGetRasterBand(reader, band), key.constData(), "TIFF");
        found = found && offset && QByteArray(offset).toLongLong() > 0;
    }
    GDALClose(reader);
    return found;
}

void PartialGeoTiff::sync() const
{
#ifdef Q_OS_UNIX
    QFile file(partialPath(m_path));
    if (file.open(QIODevice::ReadOnly))
        ::fsync(file.handle());
#endif
}

void PartialGeoTiff::close()
{
    // Closing writes the TIFF directory and the last blocks: GDAL 3.6's GDALClose returns nothing,
    // so the close is judged by the errors GDAL raised meanwhile.
    GdalErrorScope errors;
    GDALFlushCache(m_dataset);
    GDALClose(m_dataset);
    const int savedErrno = errno;
    m_dataset = nullptr;
    if (!errors.errors().isEmpty())
        throwWriteFailure(errors, savedErrno);
}

namespace {

bool inMemory(const QString &path)
{
    return path.startsWith(QLatin1String("/vsimem/"));
}

} // namespace

void PartialGeoTiff::commit()
{
    const QString partial = partialPath(m_path);
    removeFile(m_path + QStringLiteral(".aux.xml"));
    // In one step: a kill at any moment leaves the previous file or the new one, never neither.
    const bool moved = inMemory(m_path)
        ? VSIRename(partial.toUtf8().constData(), m_path.toUtf8().constData()) == 0
        : AtomicFile::replace(partial, m_path);
    if (!moved)
        throw DataError(m_path, QStringLiteral("cannot move the finished output into place"));
    // The class names and band descriptions that GeoTIFF has no tags for.
    const QByteArray aux = (partial + QStringLiteral(".aux.xml")).toUtf8();
    VSIStatBufL stat;
    if (VSIStatL(aux.constData(), &stat) == 0)
        VSIRename(aux.constData(), (m_path + QStringLiteral(".aux.xml")).toUtf8().constData());
}

void PartialGeoTiff::discard()
{
    closeQuietly();
    removeFile(partialPath(m_path));
    removeFile(partialPath(m_path) + QStringLiteral(".aux.xml"));
}

void PartialGeoTiff::removeFile(const QString &path)
{
    if (inMemory(path))
        VSIUnlink(path.toUtf8().constData());
    else
        QFile::remove(path);
}

GDALDataType PartialGeoTiff::classMapType(const ClassTable &classes, int noData)
{
    const int maxValue = std::max(noData, classes.isEmpty() ? 0 : classes.entries.back().value);
    return maxValue <= 255 ? GDT_Byte : GDT_UInt16;
}

void PartialGeoTiff::describeClasses(int band, const ClassTable &classes, int noData)
{
    GDALRasterBandH handle = GDALGetRasterBand(m_dataset, band);
    GDALSetRasterNoDataValue(handle, noData);
    GDALSetDescription(handle, "class");
    GDALColorTableH colors = GDALCreateColorTable(GPI_RGB);
    const int tableSize = std::max(classes.isEmpty() ? 1 : classes.entries.back().value + 1, 1);
    std::vector<QByteArray> names(static_cast<std::size_t>(tableSize));
    for (int i = 0; i < tableSize; ++i) {
        const GDALColorEntry none { 0, 0, 0, 0 };
        GDALSetColorEntry(colors, i, &none);
    }
    for (const ClassEntry &entry : classes.entries) {
        if (entry.value < 0)
            continue;
        const GDALColorEntry color { entry.color.red, entry.color.green, entry.color.blue, 255 };
        GDALSetColorEntry(colors, entry.value, &color);
        names[std::size_t(entry.value)] = entry.name.toUtf8();
    }
    GDALSetRasterColorTable(handle, colors);
    GDALDestroyColorTable(colors);
    std::vector<char *> list;
    for (QByteArray &name : names)
        list.push_back(name.data());
    list.push_back(nullptr);
    GDALSetRasterCategoryNames(handle, list.data());
}

} // namespace deepterra
