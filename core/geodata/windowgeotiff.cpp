#include "geodata/windowgeotiff.h"

#include "common/atomicfile.h"
#include "common/dataerror.h"
#include "geodata/gdalerrorscope.h"

#include <gdal.h>

#include <algorithm>
#include <array>
#include <memory>

namespace deepterra {

namespace {

void write(const QString &path, const RasterGrid &grid, const QRect &window, GDALDataType fileType,
           const void *values, GDALDataType valueType, const WindowGeoTiff::Band &band)
{
    std::array<double, 6> gt = grid.geoTransform.coefficients();
    gt[0] += window.x() * gt[1] + window.y() * gt[2];
    gt[3] += window.x() * gt[4] + window.y() * gt[5];
    AtomicFile file(path, QStringLiteral(".partial.tif"));
    {
        GdalErrorScope errors;
        const QByteArray temporary = file.temporaryPath().toUtf8();
        char compress[] = "COMPRESS=DEFLATE";
        char *options[] = { compress, nullptr };
        std::unique_ptr<void, void (*)(void *)> dataset(GDALCreate(GDALGetDriverByName("GTiff"),
                                                                   temporary.constData(), window.width(),
                                                                   window.height(), 1, fileType, options),
                                                        [](void *d) {
                                                            if (d)
                                                                GDALClose(d);
                                                        });
        if (!dataset)
            throw DataError(path, errors.lastError(QStringLiteral("cannot create the raster")));
        GDALSetGeoTransform(dataset.get(), gt.data());
        if (grid.crs.isValid())
            GDALSetProjection(dataset.get(), grid.crs.wkt.toUtf8().constData());
        GDALRasterBandH out = GDALGetRasterBand(dataset.get(), 1);
        if (band.noData)
            GDALSetRasterNoDataValue(out, *band.noData);
        if (!band.description.isEmpty())
            GDALSetDescription(out, band.description.toUtf8().constData());
        if (GDALRasterIO(out, GF_Write, 0, 0, window.width(), window.height(), const_cast<void *>(values),
                         window.width(), window.height(), valueType, 0, 0)
            != CE_None)
            throw DataError(path, errors.lastError(QStringLiteral("cannot write the raster")));
        GDALClose(dataset.release());
        if (!errors.errors().isEmpty())
            throw DataError(path, errors.lastError(QStringLiteral("cannot write the raster")));
    }
    file.commit();
}

} // namespace

void WindowGeoTiff::writeFloat32(const QString &path, const RasterGrid &grid, const QRect &window,
                                 const std::vector<float> &values, const Band &band)
{
    write(path, grid, window, GDT_Float32, values.data(), GDT_Float32, band);
}

void WindowGeoTiff::writeUnsigned(const QString &path, const RasterGrid &grid, const QRect &window,
                                  const std::vector<std::uint16_t> &values, const Band &band)
{
    const bool bytes = values.empty() || *std::max_element(values.begin(), values.end()) <= 255;
    write(path, grid, window, bytes ? GDT_Byte : GDT_UInt16, values.data(), GDT_UInt16, band);
}

} // namespace deepterra
