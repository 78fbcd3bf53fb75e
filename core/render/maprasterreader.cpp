#include "render/maprasterreader.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"
#include "geodata/rasterdataset.h"
#include "render/coordinatetransformer.h"
#include "render/private/bandpixels.h"

#include <cpl_string.h>
#include <gdal.h>
#include <gdal_utils.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace deepterra {

namespace {

constexpr double kEdgeTolerance = 1e-6; // of a pixel: grids that coincide exactly stay whole

struct DatasetCloser
{
    void operator()(void *ds) const
    {
        if (ds)
            GDALClose(static_cast<GDALDatasetH>(ds));
    }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

// The target pixels [first, last] of one axis whose both edges lie inside the source, where the
// source coordinate of target edge i is scale * i + offset.
struct AxisSpan
{
    int first = 0;
    int last = -1;
    double sourceStart = 0; // source coordinate of the span's lower edge
    double sourceSize = 0;
    bool flipped = false; // source coordinates decrease along the target axis

    int count() const { return last - first + 1; }
};

AxisSpan axisSpan(double scale, double offset, int sourceSize, int targetSize)
{
    AxisSpan span;
    if (scale == 0.0 || !std::isfinite(scale) || !std::isfinite(offset))
        return span;
    double lo = 0, hi = 0;
    if (scale > 0) {
        lo = std::ceil(-offset / scale - kEdgeTolerance);
        hi = std::floor((sourceSize - offset) / scale + kEdgeTolerance) - 1;
    } else {
        lo = std::ceil((sourceSize - offset) / scale - kEdgeTolerance);
        hi = std::floor(-offset / scale + kEdgeTolerance) - 1;
    }
    span.first = int(std::clamp(lo, 0.0, double(targetSize)));
    span.last = int(std::clamp(hi, -1.0, double(targetSize) - 1));
    if (span.last < span.first)
        return span;
    const double a = scale * span.first + offset;
    const double b = scale * (span.last + 1) + offset;
    span.sourceStart = std::clamp(std::min(a, b), 0.0, double(sourceSize));
    span.sourceSize = std::min(std::abs(b - a), double(sourceSize) - span.sourceStart);
    span.flipped = scale < 0;
    return span;
}

// One band through a fractional window, into `width` x `height` floats plus validity.
GDALRIOResampleAlg rasterIoAlgorithm(Resampling resampling)
{
    switch (resampling) {
    case Resampling::Bilinear:
        return GRIORA_Bilinear;
    case Resampling::Average:
        return GRIORA_Average;
    case Resampling::Mode:
        return GRIORA_Mode;
    case Resampling::Nearest:
        break;
    }
    return GRIORA_NearestNeighbour;
}

const char *warpAlgorithm(Resampling resampling)
{
    switch (resampling) {
    case Resampling::Bilinear:
        return "bilinear";
    case Resampling::Average:
        return "average";
    case Resampling::Mode:
        return "mode";
    case Resampling::Nearest:
        break;
    }
    return "near";
}

void readWindow(const RasterInfo &info, GDALRasterBandH band, const AxisSpan &xs, const AxisSpan &ys,
                Resampling resampling, std::vector<float> &values, std::vector<std::uint8_t> &valid)
{
    const int width = xs.count();
    const int height = ys.count();
    GDALRasterIOExtraArg extra;
    INIT_RASTERIO_EXTRA_ARG(extra);
    extra.eResampleAlg = rasterIoAlgorithm(resampling);
    extra.bFloatingPointWindowValidity = TRUE;
    extra.dfXOff = xs.sourceStart;
    extra.dfYOff = ys.sourceStart;
    extra.dfXSize = xs.sourceSize;
    extra.dfYSize = ys.sourceSize;
    const int x0 = std::clamp(int(std::floor(xs.sourceStart + kEdgeTolerance)), 0, info.width - 1);
    const int y0 = std::clamp(int(std::floor(ys.sourceStart + kEdgeTolerance)), 0, info.height - 1);
    const int x1
        = std::clamp(int(std::ceil(xs.sourceStart + xs.sourceSize - kEdgeTolerance)), x0 + 1, info.width);
    const int y1
        = std::clamp(int(std::ceil(ys.sourceStart + ys.sourceSize - kEdgeTolerance)), y0 + 1, info.height);

    GdalErrorScope errors;
    values.resize(std::size_t(width) * std::size_t(height));
    valid.resize(values.size());
    if (GDALRasterIOEx(band, GF_Read, x0, y0, x1 - x0, y1 - y0, values.data(), width, height, GDT_Float32, 0,
                       0, &extra)
        != CE_None)
        throw DataError(info.path,
                        QStringLiteral("cannot read band %1: %2")
                            .arg(GDALGetBandNumber(band))
                            .arg(errors.lastError(QStringLiteral("read failed"))));
    const int flags = GDALGetMaskFlags(band);
    std::vector<std::uint8_t> mask;
    if (!(flags & GMF_ALL_VALID) && !(flags & GMF_NODATA)) {
        // Validity stays a nearest-neighbour question: a pixel is data or it is not.
        extra.eResampleAlg = GRIORA_NearestNeighbour;
        mask.resize(values.size());
        if (GDALRasterIOEx(GDALGetMaskBand(band), GF_Read, x0, y0, x1 - x0, y1 - y0, mask.data(), width,
                           height, GDT_Byte, 0, 0, &extra)
            != CE_None)
            throw DataError(info.path,
                            QStringLiteral("cannot read the validity mask of band %1: %2")
                                .arg(GDALGetBandNumber(band))
                                .arg(errors.lastError(QStringLiteral("read failed"))));
    }
    BandPixels::markValidity(band, values.data(), valid.data(), values.size(),
                             mask.empty() ? nullptr : mask.data());
}

RasterBuffer readAligned(const RasterDataset &dataset, const GeoTransform &source, const RasterGrid &target,
                         const std::vector<int> &bands, Resampling resampling)
{
    const RasterInfo &info = dataset.info();
    const auto &c = source.coefficients();
    const auto &t = target.geoTransform.coefficients();
    const AxisSpan xs = axisSpan(t[1] / c[1], (t[0] - c[0]) / c[1], info.width, target.width);
    const AxisSpan ys = axisSpan(t[5] / c[5], (t[3] - c[3]) / c[5], info.height, target.height);

    RasterBuffer buffer;
    buffer.width = target.width;
    buffer.height = target.height;
    buffer.bands = bands;
    buffer.values.assign(buffer.pixelCount() * bands.size(), 0.0f);
    buffer.valid.assign(buffer.values.size(), 0);
    if (xs.count() <= 0 || ys.count() <= 0)
        return buffer;

    std::vector<float> values;
    std::vector<std::uint8_t> valid;
    auto *handle = static_cast<GDALDatasetH>(dataset.gdalHandle());
    for (std::size_t slot = 0; slot < bands.size(); ++slot) {
        readWindow(info, GDALGetRasterBand(handle, bands[slot]), xs, ys, resampling, values, valid);
        for (int row = 0; row < ys.count(); ++row) {
            const int sourceRow = ys.flipped ? ys.count() - 1 - row : row;
            for (int col = 0; col < xs.count(); ++col) {
                const int sourceCol = xs.flipped ? xs.count() - 1 - col : col;
                const std::size_t from
                    = std::size_t(sourceRow) * std::size_t(xs.count()) + std::size_t(sourceCol);
                const std::size_t to = buffer.offset(int(slot), xs.first + col, ys.first + row);
                buffer.values[to] = values[from];
                buffer.valid[to] = valid[from];
            }
        }
    }
    return buffer;
}

RasterBuffer readWarped(const RasterDataset &dataset, const CrsInfo &sourceCrs, const RasterGrid &target,
                        const std::vector<int> &bands, Resampling resampling)
{
    const RasterInfo &info = dataset.info();
    GdalErrorScope errors;
    auto *source = static_cast<GDALDatasetH>(dataset.gdalHandle());

    // The warper works on whole datasets: a virtual dataset of the wanted bands keeps it from
    // reprojecting the others (gdalwarp -b arrives in GDAL 3.7).
    DatasetPtr selection;
    const bool allBands = int(bands.size()) == info.bandCount() && std::is_sorted(bands.begin(), bands.end())
        && bands.front() == 1;
    if (!allBands) {
        CPLStringList args;
        args.AddString("-of");
        args.AddString("VRT");
        for (int band : bands) {
            args.AddString("-b");
            args.AddString(QByteArray::number(band).constData());
        }
        GDALTranslateOptions *options = GDALTranslateOptionsNew(args.List(), nullptr);
        selection.reset(GDALTranslate("", source, options, nullptr));
        GDALTranslateOptionsFree(options);
        if (!selection)
            throw DataError(info.path,
                            QStringLiteral("cannot select bands for reprojection: %1")
                                .arg(errors.lastError(QStringLiteral("GDAL refused"))));
        source = static_cast<GDALDatasetH>(selection.get());
    }

    const QRectF extent = target.extent();
    const QByteArray wkt = target.crs.wkt.toUtf8();
    CPLStringList args;
    const QByteArray sourceWkt = sourceCrs.wkt.toUtf8();
    if (!info.crs.isValid() && sourceCrs.isValid()) {
        args.AddString("-s_srs");
        args.AddString(sourceWkt.constData());
    }
    if (target.crs.isValid()) {
        args.AddString("-t_srs");
        args.AddString(wkt.constData());
    }
    for (const QByteArray &arg :
         { QByteArray("-of"), QByteArray("MEM"), QByteArray("-te"),
           QByteArray::number(extent.left(), 'g', 17), QByteArray::number(extent.top(), 'g', 17),
           QByteArray::number(extent.right(), 'g', 17), QByteArray::number(extent.bottom(), 'g', 17),
           QByteArray("-ts"), QByteArray::number(target.width), QByteArray::number(target.height),
           QByteArray("-r"), QByteArray(warpAlgorithm(resampling)), QByteArray("-ovr"), QByteArray("AUTO"),
           QByteArray("-dstalpha"), QByteArray("-wo"), QByteArray("INIT_DEST=0") })
        args.AddString(arg.constData());
    GDALWarpAppOptions *options = GDALWarpAppOptionsNew(args.List(), nullptr);
    int usageError = FALSE;
    GDALDatasetH sources[] = { source };
    DatasetPtr warped(GDALWarp("", nullptr, 1, sources, options, &usageError));
    GDALWarpAppOptionsFree(options);
    if (!warped)
        throw DataError(info.path,
                        QStringLiteral("cannot reproject to the map's CRS (%1): %2")
                            .arg(target.crs.identifier().left(60),
                                 errors.lastError(QStringLiteral("GDAL's warper failed"))));

    auto *out = static_cast<GDALDatasetH>(warped.get());
    RasterBuffer buffer;
    buffer.width = target.width;
    buffer.height = target.height;
    buffer.bands = bands;
    buffer.values.resize(buffer.pixelCount() * bands.size());
    buffer.valid.resize(buffer.values.size());
    const std::size_t plane = buffer.pixelCount();
    std::vector<std::uint8_t> alpha(plane);
    const int alphaBand = int(bands.size()) + 1;
    if (GDALRasterIO(GDALGetRasterBand(out, alphaBand), GF_Read, 0, 0, target.width, target.height,
                     alpha.data(), target.width, target.height, GDT_Byte, 0, 0)
        != CE_None)
        throw DataError(info.path,
                        QStringLiteral("cannot read the reprojected pixels: %1")
                            .arg(errors.lastError(QStringLiteral("read failed"))));
    for (std::size_t slot = 0; slot < bands.size(); ++slot) {
        float *values = buffer.values.data() + slot * plane;
        if (GDALRasterIO(GDALGetRasterBand(out, int(slot) + 1), GF_Read, 0, 0, target.width, target.height,
                         values, target.width, target.height, GDT_Float32, 0, 0)
            != CE_None)
            throw DataError(info.path,
                            QStringLiteral("cannot read the reprojected pixels: %1")
                                .arg(errors.lastError(QStringLiteral("read failed"))));
        // The source band's NoData: the warper copies it into the output with the pixels.
        BandPixels::markValidity(
            GDALGetRasterBand(static_cast<GDALDatasetH>(dataset.gdalHandle()), bands[slot]), values,
            buffer.valid.data() + slot * plane, plane, alpha.data());
    }
    return buffer;
}

} // namespace

GeoTransform MapRasterReader::displayTransform(const RasterInfo &info)
{
    if (info.hasGeoTransform && info.geoTransform.isInvertible())
        return info.geoTransform;
    return GeoTransform({ 0.0, 1.0, 0.0, 0.0, 0.0, -1.0 });
}

CrsInfo MapRasterReader::displayCrs(const RasterInfo &info)
{
    if (info.crs.isValid() || !info.hasGeoTransform || info.driver != QLatin1String("netCDF"))
        return info.crs;
    const QRectF extent = info.extent();
    const bool degrees = extent.left() >= -360.0 && extent.right() <= 360.0 && extent.top() >= -90.5
        && extent.bottom() <= 90.5 && info.geoTransform.pixelWidth() < 10.0;
    return degrees ? CoordinateTransformer::lonLat() : CrsInfo();
}

RasterBuffer MapRasterReader::read(const RasterDataset &dataset, const RasterGrid &target,
                                   const std::vector<int> &bands, Resampling resampling)
{
    GdalEnvironment::ensureInitialized();
    const RasterInfo &info = dataset.info();
    const std::vector<int> wanted = BandPixels::resolveBands(info, bands);
    if (!target.isValid()) {
        RasterBuffer empty;
        empty.bands = wanted;
        return empty;
    }
    const GeoTransform source = displayTransform(info);
    const CrsInfo sourceCrs = displayCrs(info);
    const bool sameCrs = !sourceCrs.isValid() || !target.crs.isValid() || sourceCrs.isSameAs(target.crs);
    if (sameCrs && source.isNorthUp() && target.geoTransform.isNorthUp())
        return readAligned(dataset, source, target, wanted, resampling);
    return readWarped(dataset, sourceCrs, target, wanted, resampling);
}

} // namespace deepterra
