#include "render/pixelprobe.h"

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "render/coordinatetransformer.h"
#include "render/maprasterreader.h"

#include <cmath>

namespace deepterra {

PixelSample PixelProbe::sample(const RasterDataset &dataset, const QPointF &mapPoint, const CrsInfo &mapCrs,
                               const std::vector<int> &bands)
{
    const RasterInfo &info = dataset.info();
    PixelSample sample;
    std::optional<QPointF> point;
    try {
        point = CoordinateTransformer(mapCrs, MapRasterReader::displayCrs(info)).transform(mapPoint);
    } catch (const DataError &e) {
        throw DataError(info.path, e.cause());
    }
    if (!point)
        return sample;
    const QPointF pixel = MapRasterReader::displayTransform(info).mapToPixel(*point);
    if (!std::isfinite(pixel.x()) || !std::isfinite(pixel.y()))
        return sample;
    const int column = int(std::floor(pixel.x()));
    const int row = int(std::floor(pixel.y()));
    if (column < 0 || row < 0 || column >= info.width || row >= info.height)
        return sample;
    const RasterBuffer buffer = dataset.readWindow(QRect(column, row, 1, 1), bands);
    sample.inside = true;
    sample.pixel = QPoint(column, row);
    sample.bands = buffer.bands;
    for (int slot = 0; slot < buffer.bandCount(); ++slot) {
        sample.values.push_back(buffer.value(slot, 0, 0));
        sample.valid.push_back(buffer.isValid(slot, 0, 0));
    }
    return sample;
}

} // namespace deepterra
