#include "labels/rasterwarper.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"
#include "labels/labelplacement.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <gdalwarper.h>

#include <array>
#include <cmath>
#include <limits>
#include <memory>

namespace deepterra {

namespace {

// Source pixels are located to within this fraction of a pixel: gdalwarp's default of 0.125 may
// pick a neighbouring class near pixel edges; exact per-pixel transforms cost too much on large
// images.
constexpr double kMaxTransformError = 0.001;

// A sentinel GDAL's own gdalwarp uses for bands without NoData: the warper wants a value for
// every band once one band has one.
constexpr double kNoNoData = -123456.789;

GDALResampleAlg toGdal(Resampling resampling)
{
    switch (resampling) {
    case Resampling::Average:
        return GRA_Average;
    case Resampling::Bilinear:
        return GRA_Bilinear;
    case Resampling::Mode:
        return GRA_Mode;
    case Resampling::Nearest:
        break;
    }
    return GRA_NearestNeighbour;
}

struct DatasetCloser
{
    void operator()(void *ds) const { GDALClose(static_cast<GDALDatasetH>(ds)); }
};
struct WarpOptionsDeleter
{
    void operator()(GDALWarpOptions *options) const { GDALDestroyWarpOptions(options); }
};
struct WarpOperationDeleter
{
    void operator()(void *operation) const
    {
        GDALDestroyWarpOperation(static_cast<GDALWarpOperationH>(operation));
    }
};
struct TransformerDeleter
{
    void operator()(void *transformer) const { GDALDestroyTransformer(transformer); }
};

// A band of a MEM dataset that reads and writes `data` in place instead of owning a copy.
bool addBandOver(GDALDatasetH dataset, GDALDataType type, void *data, int width)
{
    char pointer[64] = {};
    CPLPrintPointer(pointer, data, sizeof(pointer) - 1);
    const QByteArray dataPointer = QByteArray("DATAPOINTER=") + pointer;
    const int pixelBytes = GDALGetDataTypeSizeBytes(type);
    const QByteArray pixelOffset = "PIXELOFFSET=" + QByteArray::number(pixelBytes);
    const QByteArray lineOffset = "LINEOFFSET=" + QByteArray::number(qint64(pixelBytes) * width);
    const char *options[]
        = { dataPointer.constData(), pixelOffset.constData(), lineOffset.constData(), nullptr };
    return GDALAddBand(dataset, type, const_cast<char **>(options)) == CE_None;
}

struct ProgressState
{
    Feedback *feedback = nullptr;
    bool canceled = false;
};

int CPL_STDCALL reportProgress(double fraction, const char *, void *data)
{
    auto *state = static_cast<ProgressState *>(data);
    if (!state->feedback)
        return TRUE;
    state->feedback->setProgress(fraction * 100.0);
    try {
        state->feedback->checkpoint();
    } catch (const JobCanceled &) {
        // An exception must not cross GDAL's C frames: stop the warp, rethrow once it returned.
        state->canceled = true;
        return FALSE;
    }
    return TRUE;
}

int sourceAlphaBand(GDALDatasetH source, const std::vector<int> &bands)
{
    const int last = GDALGetRasterCount(source);
    if (last < 2 || GDALGetRasterColorInterpretation(GDALGetRasterBand(source, last)) != GCI_AlphaBand)
        return 0;
    for (int band : bands)
        if (band == last)
            return 0; // asked for as data
    return last;
}

} // namespace

RasterBuffer RasterWarper::warpToGrid(const QString &path, const RasterGrid &target,
                                      const std::vector<int> &bands, Resampling resampling,
                                      Feedback *feedback)
{
    GdalEnvironment::ensureInitialized();
    const RasterDataset source = RasterDataset::open(path);
    const RasterInfo &info = source.info();
    if (!target.isValid())
        throw DataError(
            path,
            QStringLiteral("the target grid is empty (%1x%2 pixels)").arg(target.width).arg(target.height));
    LabelPlacement::requireComparableCrs(path, info.crs, target, QStringLiteral("raster"),
                                         QStringLiteral("gdal_edit.py -a_srs"));

    RasterBuffer buffer;
    buffer.width = target.width;
    buffer.height = target.height;
    buffer.bands = bands;
    if (buffer.bands.empty())
        for (int b = 1; b <= info.bandCount(); ++b)
            buffer.bands.push_back(b);
    for (int band : buffer.bands)
        if (band < 1 || band > info.bandCount())
            throw DataError(path,
                            QStringLiteral("band %1 requested, but the raster has %2 band(s)")
                                .arg(band)
                                .arg(info.bandCount()));
    const std::size_t plane = buffer.pixelCount();
    const int bandCount = buffer.bandCount();
    buffer.values.assign(plane * std::size_t(bandCount), std::numeric_limits<float>::quiet_NaN());
    buffer.valid.assign(buffer.values.size(), 0);
    std::vector<std::uint8_t> alpha(plane, 0);

    GdalErrorScope errors;
    auto fail = [&](const QString &what) {
        return DataError(
            path,
            QStringLiteral("cannot align the raster onto the image grid: %1").arg(errors.lastError(what)));
    };

    const std::unique_ptr<void, DatasetCloser> destination(
        GDALCreate(GDALGetDriverByName("MEM"), "", target.width, target.height, 0, GDT_Float32, nullptr));
    if (!destination)
        throw fail(QStringLiteral("cannot create the in-memory grid"));
    auto *dst = static_cast<GDALDatasetH>(destination.get());
    for (int slot = 0; slot < bandCount; ++slot)
        if (!addBandOver(dst, GDT_Float32, buffer.values.data() + std::size_t(slot) * plane, target.width))
            throw fail(QStringLiteral("cannot create the in-memory grid"));
    if (!addBandOver(dst, GDT_Byte, alpha.data(), target.width))
        throw fail(QStringLiteral("cannot create the in-memory grid"));
    std::array<double, 6> transform = target.geoTransform.coefficients();
    GDALSetGeoTransform(dst, transform.data());
    if (target.crs.isValid())
        GDALSetProjection(dst, target.crs.wkt.toUtf8().constData());

    auto *src = static_cast<GDALDatasetH>(source.gdalHandle());
    const std::unique_ptr<void, TransformerDeleter> exact(
        GDALCreateGenImgProjTransformer2(src, dst, nullptr));
    if (!exact)
        throw fail(QStringLiteral("no transformation between the two grids"));
    void *approximate = GDALCreateApproxTransformer(GDALGenImgProjTransform, exact.get(), kMaxTransformError);
    const std::unique_ptr<void, TransformerDeleter> transformer(approximate);

    const std::unique_ptr<GDALWarpOptions, WarpOptionsDeleter> options(GDALCreateWarpOptions());
    options->hSrcDS = src;
    options->hDstDS = dst;
    options->eResampleAlg = toGdal(resampling);
    options->nBandCount = bandCount;
    options->panSrcBands = static_cast<int *>(CPLMalloc(sizeof(int) * std::size_t(bandCount)));
    options->panDstBands = static_cast<int *>(CPLMalloc(sizeof(int) * std::size_t(bandCount)));
    options->padfDstNoDataReal = static_cast<double *>(CPLMalloc(sizeof(double) * std::size_t(bandCount)));
    bool anyNoData = false;
    for (int slot = 0; slot < bandCount; ++slot) {
        options->panSrcBands[slot] = buffer.bands[std::size_t(slot)];
        options->panDstBands[slot] = slot + 1;
        options->padfDstNoDataReal[slot] = std::numeric_limits<double>::quiet_NaN();
        anyNoData
            = anyNoData || info.bands[std::size_t(buffer.bands[std::size_t(slot)] - 1)].noData.has_value();
    }
    if (anyNoData) {
        options->padfSrcNoDataReal
            = static_cast<double *>(CPLMalloc(sizeof(double) * std::size_t(bandCount)));
        for (int slot = 0; slot < bandCount; ++slot)
            options->padfSrcNoDataReal[slot]
                = info.bands[std::size_t(buffer.bands[std::size_t(slot)] - 1)].noData.value_or(kNoNoData);
    }
    options->nSrcAlphaBand = sourceAlphaBand(src, buffer.bands);
    options->nDstAlphaBand = bandCount + 1;
    // Pixels that no valid source pixel reaches keep NaN and alpha 0.
    options->papszWarpOptions = CSLSetNameValue(options->papszWarpOptions, "INIT_DEST", "NO_DATA");
    options->pfnTransformer = GDALApproxTransform;
    options->pTransformerArg = transformer.get();
    ProgressState progress { feedback, false };
    options->pfnProgress = reportProgress;
    options->pProgressArg = &progress;

    const std::unique_ptr<void, WarpOperationDeleter> operation(GDALCreateWarpOperation(options.get()));
    if (!operation)
        throw fail(QStringLiteral("invalid warp settings"));
    const CPLErr result = GDALChunkAndWarpImage(static_cast<GDALWarpOperationH>(operation.get()), 0, 0,
                                                target.width, target.height);
    if (progress.canceled)
        throw JobCanceled();
    if (result != CE_None) {
        // A source entirely outside the target makes the warper give up on its bounds: that is
        // "nothing overlaps", which the caller reports with the extents.
        const auto footprint = LabelPlacement::extentInGridCrs(info.extent(), info.crs, target);
        if (footprint && LabelPlacement::overlaps(*footprint, target.extent()))
            throw fail(QStringLiteral("the warp failed"));
        std::fill(buffer.valid.begin(), buffer.valid.end(), 0);
        return buffer;
    }

    for (int slot = 0; slot < bandCount; ++slot) {
        const float *values = buffer.values.data() + std::size_t(slot) * plane;
        std::uint8_t *valid = buffer.valid.data() + std::size_t(slot) * plane;
        for (std::size_t i = 0; i < plane; ++i)
            valid[i] = alpha[i] != 0 && !std::isnan(values[i]);
    }
    return buffer;
}

} // namespace deepterra
