#include "terrain/aspectnodatarestorer.h"

#include "common/dataerror.h"
#include "geodata/gdalerrorscope.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"

#include <QString>

#include <gdal.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace deepterra {

namespace {
// Whole 256-row tiles of the output, so that each compressed tile is rewritten once.
constexpr int kStripRows = 256;
} // namespace

void AspectNoDataRestorer::apply(const QString &aspectPath, const RasterDataset &dem, double noData,
                                 bool computeEdges, Feedback *feedback)
{
    GdalErrorScope errors;
    std::unique_ptr<void, void (*)(GDALDatasetH)> output(GDALOpen(aspectPath.toUtf8().constData(), GA_Update),
                                                         [](GDALDatasetH ds) { GDALClose(ds); });
    auto fail = [&](const QString &what) {
        return DataError(
            aspectPath,
            QStringLiteral("cannot %1: %2").arg(what, errors.lastError(QStringLiteral("GDAL failed"))));
    };
    if (!output)
        throw fail(QStringLiteral("reopen the aspect to restore its NoData"));
    GDALRasterBandH band = GDALGetRasterBand(output.get(), 1);
    const int width = dem.width();
    const int height = dem.height();
    const int border = computeEdges ? 0 : 1;

    std::vector<float> aspect;
    for (int y = 0; y < height; y += kStripRows) {
        if (feedback)
            feedback->checkpoint();
        const int rows = std::min(kStripRows, height - y);
        // The DEM rows around the strip: a pixel's 3x3 window reaches one row beyond it.
        const int demTop = std::max(0, y - border);
        const int demBottom = std::min(height, y + rows + border);
        const RasterBuffer window = dem.readWindow(QRect(0, demTop, width, demBottom - demTop), { 1 });

        aspect.resize(std::size_t(width) * std::size_t(rows));
        if (GDALRasterIO(band, GF_Read, 0, y, width, rows, aspect.data(), width, rows, GDT_Float32, 0, 0)
            != CE_None)
            throw fail(QStringLiteral("read the aspect back"));
        for (int row = 0; row < rows; ++row) {
            const int demRow = y + row - demTop;
            for (int x = 0; x < width; ++x) {
                bool isNoData = !window.isValid(0, x, demRow);
                if (!computeEdges && !isNoData) {
                    const bool onBorder = x == 0 || y + row == 0 || x == width - 1 || y + row == height - 1;
                    isNoData = onBorder;
                    for (int dy = -1; dy <= 1 && !isNoData; ++dy)
                        for (int dx = -1; dx <= 1 && !isNoData; ++dx)
                            isNoData = !window.isValid(0, x + dx, demRow + dy);
                }
                if (isNoData)
                    aspect[std::size_t(row) * std::size_t(width) + std::size_t(x)] = float(noData);
            }
        }
        if (GDALRasterIO(band, GF_Write, 0, y, width, rows, aspect.data(), width, rows, GDT_Float32, 0, 0)
            != CE_None)
            throw fail(QStringLiteral("write the restored NoData"));
    }
    if (GDALSetRasterNoDataValue(band, noData) != CE_None)
        throw fail(QStringLiteral("set the NoData value"));
    const auto errorsBefore = errors.errors().size();
    GDALClose(output.release());
    if (errors.errors().size() != errorsBefore)
        throw DataError(aspectPath, QStringLiteral("cannot finish the aspect: %1").arg(errors.lastError()));
}

} // namespace deepterra
