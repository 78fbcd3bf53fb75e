#include "report/mapfigure.h"

#include "accuracy/mappedclassareas.h"
#include "geodata/rasterdataset.h"
#include "report/mapframe.h"
#include "report/rasterunderlay.h"

#include <cmath>
#include <unordered_map>

namespace deepterra {

QImage MapFigure::render(const MappedClassAreas &areas, const QString &image, const QStringList &bandNames,
                         QString *shownBands)
{
    const RasterDataset dataset = RasterDataset::open(areas.path());
    const RasterInfo &info = dataset.info();
    if (!info.hasGeoTransform || info.width <= 0 || info.height <= 0)
        return {};
    const RasterGrid grid = RasterGrid::of(info);
    const QSize mapSize = MapFrame::contentSize(grid);
    RasterReadRequest request;
    request.bands = { 1 };
    request.outputSize = mapSize;
    request.resampling = Resampling::Mode;
    const RasterBuffer buffer = dataset.read(request);

    std::unordered_map<int, QRgb> colours;
    for (const MappedClass &c : areas.classes())
        colours[c.entry.value] = qRgb(c.entry.color.red, c.entry.color.green, c.entry.color.blue);
    QString shown;
    QImage map = RasterUnderlay::read(image, grid, mapSize, bandNames, &shown);
    // Over an image the classes are drawn at 60 %, so that the ground shows through.
    const double opacity = map.isNull() ? 1.0 : 0.6;
    if (shownBands)
        *shownBands = map.isNull() ? QString() : shown;
    if (map.isNull()) {
        map = QImage(mapSize, QImage::Format_RGB32);
        map.fill(Qt::white);
    }
    const auto mix = [opacity](int a, int b) { return int(std::lround(opacity * a + (1.0 - opacity) * b)); };
    for (int y = 0; y < buffer.height; ++y)
        for (int x = 0; x < buffer.width; ++x)
            if (buffer.isValid(0, x, y)) {
                const auto colour = colours.find(int(buffer.value(0, x, y)));
                const QRgb c = colour != colours.end() ? colour->second : qRgb(128, 128, 128);
                const QRgb g = map.pixel(x, y);
                map.setPixel(x, y,
                             qRgb(mix(qRed(c), qRed(g)), mix(qGreen(c), qGreen(g)), mix(qBlue(c), qBlue(g))));
            }

    // The legend: each class's colour, name and share of the mapped area.
    MapLegend legend;
    legend.title = QStringLiteral("Classes");
    const double total = areas.hasArea() ? areas.totalHectares() : double(areas.totalPixels());
    for (const MappedClass &c : areas.classes()) {
        const double share
            = total > 0.0 ? 100.0 * (areas.hasArea() ? c.hectares : double(c.pixels)) / total : 0.0;
        legend.swatches.push_back({ QColor(c.entry.color.red, c.entry.color.green, c.entry.color.blue),
                                    QStringLiteral("%1  (%2 %)").arg(c.entry.name).arg(share, 0, 'f', 1) });
    }
    return MapFrame::draw(grid, map, legend);
}

} // namespace deepterra
