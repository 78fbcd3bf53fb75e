#include "report/confidencefigure.h"

#include "geodata/rasterdataset.h"
#include "render/colorramp.h"
#include "report/mapframe.h"

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

QColor colourOf(const ColorEntry &entry)
{
    return QColor(entry.red, entry.green, entry.blue);
}

} // namespace

QImage ConfidenceFigure::render(const QString &path)
{
    const RasterDataset dataset = RasterDataset::open(path);
    const RasterInfo &info = dataset.info();
    if (!info.hasGeoTransform || info.width <= 0 || info.height <= 0 || info.bandCount() < 1)
        return {};
    const RasterGrid grid = RasterGrid::of(info);
    const QSize size = MapFrame::contentSize(grid);
    RasterReadRequest request;
    request.bands = { 1 };
    request.outputSize = size;
    request.resampling = Resampling::Average;
    const RasterBuffer buffer = dataset.read(request);
    std::vector<float> values;
    for (int y = 0; y < buffer.height; ++y)
        for (int x = 0; x < buffer.width; ++x)
            if (buffer.isValid(0, x, y) && std::isfinite(buffer.value(0, x, y)))
                values.push_back(buffer.value(0, x, y));
    if (values.empty())
        return {};
    const auto at = [&values](double q) {
        auto nth = values.begin() + std::ptrdiff_t(q * double(values.size() - 1));
        std::nth_element(values.begin(), nth, values.end());
        return double(*nth);
    };
    const double low = at(0.02);
    const double high = at(0.98);

    const ColorRamp ramp = ColorRamp::namedOrGrey(QStringLiteral("viridis"));
    QImage content(size, QImage::Format_RGB32);
    content.fill(Qt::white);
    for (int y = 0; y < buffer.height; ++y)
        for (int x = 0; x < buffer.width; ++x) {
            const float value = buffer.value(0, x, y);
            if (!buffer.isValid(0, x, y) || !std::isfinite(value))
                continue;
            const double t = high > low ? (value - low) / (high - low) : 0.5;
            content.setPixel(x, y, colourOf(ramp.colorAt(t)).rgb());
        }

    MapLegend legend;
    const QString description = info.bands.front().description.trimmed();
    legend.title = description.isEmpty() ? QStringLiteral("band 1") : description;
    for (const ColorEntry &entry : ramp.sample(64))
        legend.ramp.push_back(colourOf(entry));
    legend.rampLow = QString::number(low, 'g', 3);
    legend.rampHigh = QString::number(high, 'g', 3);
    return MapFrame::draw(grid, content, legend);
}

} // namespace deepterra
