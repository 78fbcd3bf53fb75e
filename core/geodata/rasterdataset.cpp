#include "geodata/rasterdataset.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"

#include <QFileInfo>

#include <gdal.h>
#include <gdal_rat.h>

#include <cmath>

namespace deepterra {

struct RasterDataset::Private
{
    GDALDatasetH handle = nullptr;
    RasterInfo info;

    ~Private()
    {
        if (handle)
            GDALClose(handle);
    }
};

namespace {

BandInfo describeBand(GDALRasterBandH band, int index)
{
    BandInfo b;
    b.index = index;
    b.dataType = QString::fromLatin1(GDALGetDataTypeName(GDALGetRasterDataType(band)));
    int hasNoData = 0;
    const double noData = GDALGetRasterNoDataValue(band, &hasNoData);
    if (hasNoData)
        b.noData = noData;
    b.description = QString::fromUtf8(GDALGetDescription(band));
    b.colorInterpretation
        = QString::fromLatin1(GDALGetColorInterpretationName(GDALGetRasterColorInterpretation(band)));
    b.unit = QString::fromUtf8(GDALGetRasterUnitType(band));
    int hasScale = 0, hasOffset = 0;
    const double scale = GDALGetRasterScale(band, &hasScale);
    const double offset = GDALGetRasterOffset(band, &hasOffset);
    if (hasScale)
        b.scale = scale;
    if (hasOffset)
        b.offset = offset;
    GDALGetBlockSize(band, &b.blockWidth, &b.blockHeight);
    b.overviewCount = GDALGetOverviewCount(band);

    if (GDALColorTableH table = GDALGetRasterColorTable(band)) {
        const int count = GDALGetColorEntryCount(table);
        b.colorTable.reserve(std::size_t(count));
        for (int i = 0; i < count; ++i) {
            GDALColorEntry rgba;
            GDALGetColorEntryAsRGB(table, i, &rgba);
            ColorEntry entry;
            entry.value = i;
            entry.red = std::uint8_t(rgba.c1);
            entry.green = std::uint8_t(rgba.c2);
            entry.blue = std::uint8_t(rgba.c3);
            entry.alpha = std::uint8_t(rgba.c4);
            b.colorTable.push_back(entry);
        }
    }
    if (GDALRasterAttributeTableH rat = GDALGetDefaultRAT(band)) {
        b.attributeTableRows = GDALRATGetRowCount(rat);
        for (int c = 0; c < GDALRATGetColumnCount(rat); ++c)
            b.attributeTableColumns.append(QString::fromUtf8(GDALRATGetNameOfCol(rat, c)));
    }
    return b;
}

RasterInfo describeDataset(GDALDatasetH ds, const QString &path)
{
    RasterInfo info;
    info.path = path;
    GDALDriverH driver = GDALGetDatasetDriver(ds);
    info.driver = QString::fromLatin1(GDALGetDriverShortName(driver));
    info.driverLongName = QString::fromLatin1(GDALGetDriverLongName(driver));
    info.width = GDALGetRasterXSize(ds);
    info.height = GDALGetRasterYSize(ds);
    for (int i = 1; i <= GDALGetRasterCount(ds); ++i)
        info.bands.push_back(describeBand(GDALGetRasterBand(ds, i), i));
    info.crs = CrsInfo::fromWkt(QString::fromUtf8(GDALGetProjectionRef(ds)));
    std::array<double, 6> gt {};
    info.hasGeoTransform = GDALGetGeoTransform(ds, gt.data()) == CE_None;
    if (info.hasGeoTransform)
        info.geoTransform = GeoTransform(gt);
    char **subdatasets = GDALGetMetadata(ds, "SUBDATASETS");
    for (int i = 0; subdatasets && subdatasets[i]; ++i) {
        const QString entry = QString::fromUtf8(subdatasets[i]);
        if (entry.contains(QLatin1String("_NAME=")))
            info.subdatasets.append(entry.section(QLatin1Char('='), 1));
    }
    return info;
}

GDALRIOResampleAlg toGdal(Resampling resampling)
{
    switch (resampling) {
    case Resampling::Average:
        return GRIORA_Average;
    case Resampling::Bilinear:
        return GRIORA_Bilinear;
    case Resampling::Mode:
        return GRIORA_Mode;
    case Resampling::Nearest:
        break;
    }
    return GRIORA_NearestNeighbour;
}

bool isGdalConnectionString(const QString &path)
{
    // NETCDF:"file.nc":var, HDF5:..., /vsizip/...: GDAL understands these, the file system does not.
    return path.startsWith(QLatin1String("/vsi")) || path.contains(QLatin1String(":\""));
}

} // namespace

RasterDataset::RasterDataset(std::unique_ptr<Private> d)
    : d(std::move(d))
{ }

RasterDataset::RasterDataset(RasterDataset &&other) noexcept = default;
RasterDataset &RasterDataset::operator=(RasterDataset &&other) noexcept = default;
RasterDataset::~RasterDataset() = default;

RasterDataset RasterDataset::open(const QString &path)
{
    GdalEnvironment::ensureInitialized();
    if (!isGdalConnectionString(path)) {
        const QFileInfo file(path);
        if (!file.exists())
            throw DataError(path, QStringLiteral("file not found"));
        if (!file.isFile())
            throw DataError(path, QStringLiteral("not a file"));
        if (!file.isReadable())
            throw DataError(path, QStringLiteral("file is not readable (permissions)"));
    }

    GdalErrorScope errors;
    const QByteArray utf8 = path.toUtf8();
    GDALDatasetH handle
        = GDALOpenEx(utf8.constData(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!handle) {
        const QString cause = errors.lastError(QStringLiteral("not a raster format GDAL can read"));
        throw DataError(path, QStringLiteral("cannot open as a raster: %1").arg(cause));
    }
    auto d = std::make_unique<Private>();
    d->handle = handle;
    d->info = describeDataset(handle, path);
    if (d->info.bands.empty()) {
        const QString hint = d->info.subdatasets.isEmpty()
            ? QString()
            : QStringLiteral("; it holds %1 subdatasets, for example %2")
                  .arg(d->info.subdatasets.size())
                  .arg(d->info.subdatasets.constFirst());
        throw DataError(path, QStringLiteral("the file has no raster bands") + hint);
    }
    return RasterDataset(std::move(d));
}

const QString &RasterDataset::path() const
{
    return d->info.path;
}

const RasterInfo &RasterDataset::info() const
{
    return d->info;
}

void *RasterDataset::gdalHandle() const
{
    return d->handle;
}

RasterBuffer RasterDataset::readWindow(const QRect &window, const std::vector<int> &bands) const
{
    RasterReadRequest request;
    request.window = window;
    request.bands = bands;
    return read(request);
}

RasterBuffer RasterDataset::read(const RasterReadRequest &request) const
{
    const RasterInfo &info = d->info;
    const QRect full(0, 0, info.width, info.height);
    const QRect window = request.window.isEmpty() ? full : request.window;
    if (!full.contains(window))
        throw DataError(info.path,
                        QStringLiteral("window %1,%2 %3x%4 lies outside the %5x%6 raster")
                            .arg(window.x())
                            .arg(window.y())
                            .arg(window.width())
                            .arg(window.height())
                            .arg(info.width)
                            .arg(info.height));

    RasterBuffer buffer;
    buffer.window = window;
    buffer.bands = request.bands;
    if (buffer.bands.empty())
        for (int b = 1; b <= info.bandCount(); ++b)
            buffer.bands.push_back(b);
    for (int band : buffer.bands)
        if (band < 1 || band > info.bandCount())
            throw DataError(info.path,
                            QStringLiteral("band %1 requested, but the raster has %2 band(s)")
                                .arg(band)
                                .arg(info.bandCount()));

    const QSize outSize = request.outputSize.isEmpty() ? window.size() : request.outputSize;
    buffer.width = outSize.width();
    buffer.height = outSize.height();
    buffer.values.resize(buffer.pixelCount() * buffer.bands.size());
    buffer.valid.assign(buffer.values.size(), 1);

    GDALRasterIOExtraArg extra;
    INIT_RASTERIO_EXTRA_ARG(extra);
    extra.eResampleAlg = toGdal(request.resampling);

    GdalErrorScope errors;
    const std::size_t plane = buffer.pixelCount();
    for (int slot = 0; slot < buffer.bandCount(); ++slot) {
        GDALRasterBandH band = GDALGetRasterBand(d->handle, buffer.bands[std::size_t(slot)]);
        float *values = buffer.values.data() + std::size_t(slot) * plane;
        std::uint8_t *valid = buffer.valid.data() + std::size_t(slot) * plane;
        const CPLErr err
            = GDALRasterIOEx(band, GF_Read, window.x(), window.y(), window.width(), window.height(), values,
                             buffer.width, buffer.height, GDT_Float32, 0, 0, &extra);
        if (err != CE_None)
            throw DataError(info.path,
                            QStringLiteral("cannot read band %1 in window %2,%3 %4x%5: %6")
                                .arg(buffer.bands[std::size_t(slot)])
                                .arg(window.x())
                                .arg(window.y())
                                .arg(window.width())
                                .arg(window.height())
                                .arg(errors.lastError(QStringLiteral("read failed"))));

        const int maskFlags = GDALGetMaskFlags(band);
        if (maskFlags & GMF_NODATA) {
            int hasNoData = 0;
            const auto noData = static_cast<float>(GDALGetRasterNoDataValue(band, &hasNoData));
            const bool noDataIsNan = std::isnan(noData);
            for (std::size_t i = 0; i < plane; ++i)
                valid[i] = !(std::isnan(values[i]) || (!noDataIsNan && values[i] == noData));
        } else if (!(maskFlags & GMF_ALL_VALID)) {
            // Alpha band or per-dataset mask: GDAL's mask band tells which pixels hold data.
            std::vector<std::uint8_t> mask(plane);
            const CPLErr maskErr = GDALRasterIOEx(GDALGetMaskBand(band), GF_Read, window.x(), window.y(),
                                                  window.width(), window.height(), mask.data(), buffer.width,
                                                  buffer.height, GDT_Byte, 0, 0, &extra);
            if (maskErr != CE_None)
                throw DataError(info.path,
                                QStringLiteral("cannot read the validity mask of band %1: %2")
                                    .arg(buffer.bands[std::size_t(slot)])
                                    .arg(errors.lastError(QStringLiteral("read failed"))));
            for (std::size_t i = 0; i < plane; ++i)
                valid[i] = mask[i] != 0 && !std::isnan(values[i]);
        } else {
            for (std::size_t i = 0; i < plane; ++i)
                valid[i] = !std::isnan(values[i]);
        }
    }
    return buffer;
}

} // namespace deepterra
