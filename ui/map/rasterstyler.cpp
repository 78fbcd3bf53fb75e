#include "map/rasterstyler.h"

#include "render/colorramp.h"
#include "render/hillshade.h"
#include "render/maplayerdata.h"
#include "render/maplayerloader.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

// How far the hillshade may brighten a slope facing the light, relative to flat ground.
constexpr double kMaxHighlight = 1.25;

double stretchValue(const BandStatistics &statistics, const LayerStyle &style, bool upper)
{
    if (style.stretch == LayerStyle::Stretch::MinMax)
        return upper ? statistics.maximum : statistics.minimum;
    return MapLayerLoader::percentile(statistics, upper ? style.high : style.low);
}

std::vector<QRgb> rampTable(const LayerStyle &style)
{
    ColorRamp ramp = ColorRamp::namedOrGrey(style.ramp);
    if (style.invert)
        ramp = ramp.reversed();
    std::vector<QRgb> table;
    for (const ColorEntry &c : ramp.sample(256))
        table.push_back(qRgb(c.red, c.green, c.blue));
    return table;
}

inline int toByte(double value, const RasterStyler::Range &range)
{
    const double span = range.high - range.low;
    const double t = span > 0 ? (value - range.low) / span : (value >= range.high ? 1.0 : 0.0);
    return int(std::clamp(t, 0.0, 1.0) * 255.0 + 0.5);
}

QImage renderRgb(const RasterBuffer &buffer, const MapLayerData &data, const LayerStyle &style, int margin)
{
    const int width = buffer.width - 2 * margin;
    const int height = buffer.height - 2 * margin;
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    const RasterStyler::Range ranges[3] = { RasterStyler::stretchRange(data, style.red, style),
                                            RasterStyler::stretchRange(data, style.green, style),
                                            RasterStyler::stretchRange(data, style.blue, style) };
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < width; ++x) {
            const int bx = x + margin, by = y + margin;
            if (!buffer.isValid(0, bx, by) || !buffer.isValid(1, bx, by) || !buffer.isValid(2, bx, by)) {
                line[x] = 0;
                continue;
            }
            line[x]
                = qRgb(toByte(buffer.value(0, bx, by), ranges[0]), toByte(buffer.value(1, bx, by), ranges[1]),
                       toByte(buffer.value(2, bx, by), ranges[2]));
        }
    }
    return image;
}

QImage renderSingleBand(const RasterBuffer &buffer, const MapLayerData &data, const LayerStyle &style,
                        double cellSize, int margin)
{
    const int width = buffer.width - 2 * margin;
    const int height = buffer.height - 2 * margin;
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    const RasterStyler::Range range = RasterStyler::stretchRange(data, style.band, style);
    const std::vector<QRgb> table = rampTable(style);
    std::vector<float> shade;
    const bool hillshade = style.renderer == LayerStyle::Renderer::Dem && style.hillshade;
    if (hillshade) {
        HillshadeOptions options;
        options.azimuth = style.azimuth;
        options.altitude = style.altitude;
        options.zFactor = style.zFactor;
        shade = Hillshade::compute(buffer, 0, cellSize, cellSize, options);
    }
    const double flat = std::max(0.05, std::sin(style.altitude * M_PI / 180.0));
    const double strength = style.hillshadeStrength;
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < width; ++x) {
            const int bx = x + margin, by = y + margin;
            if (!buffer.isValid(0, bx, by)) {
                line[x] = 0;
                continue;
            }
            QRgb color = table[std::size_t(toByte(buffer.value(0, bx, by), range))];
            if (hillshade) {
                const float s = shade[std::size_t(by) * std::size_t(buffer.width) + std::size_t(bx)];
                // Flat ground keeps its colour; slopes darken away from the light, brighten towards it.
                const double factor
                    = std::isnan(s) ? 1.0 : (1.0 - strength) + strength * std::min(kMaxHighlight, s / flat);
                auto shaded = [factor](int channel) { return std::min(255, int(channel * factor + 0.5)); };
                color = qRgb(shaded(qRed(color)), shaded(qGreen(color)), shaded(qBlue(color)));
            }
            line[x] = color;
        }
    }
    return image;
}

QImage renderClasses(const RasterBuffer &buffer, const MapLayerData &data, const LayerStyle &style,
                     int margin)
{
    const int width = buffer.width - 2 * margin;
    const int height = buffer.height - 2 * margin;
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    QHash<int, QRgb> colors;
    for (const ClassEntry &entry : style.classesFor(data).entries)
        colors.insert(
            entry.value,
            qPremultiply(qRgba(entry.color.red, entry.color.green, entry.color.blue, entry.color.alpha)));
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < width; ++x) {
            const int bx = x + margin, by = y + margin;
            line[x]
                = buffer.isValid(0, bx, by) ? colors.value(int(std::lround(buffer.value(0, bx, by))), 0) : 0;
        }
    }
    return image;
}

} // namespace

RasterStyler::Range RasterStyler::stretchRange(const MapLayerData &data, int band, const LayerStyle &style)
{
    Range range;
    if (data.statistics.empty())
        return { 0, 255 };
    if (data.kind == LayerKind::Cube) {
        // A cube's bands are time steps: one range for all of them, so that a colour means the
        // same value at every time. Percentiles average over the steps (close to the percentiles
        // of all values pooled, without one extreme month setting the scale); min-max spans all.
        double low = 0, high = 0;
        int steps = 0;
        range.low = std::numeric_limits<double>::infinity();
        range.high = -range.low;
        for (const BandStatistics &statistics : data.statistics) {
            if (statistics.validCount == 0)
                continue;
            low += stretchValue(statistics, style, false);
            high += stretchValue(statistics, style, true);
            range.low = std::min(range.low, statistics.minimum);
            range.high = std::max(range.high, statistics.maximum);
            ++steps;
        }
        if (steps == 0)
            return { 0, 1 };
        if (style.stretch == LayerStyle::Stretch::Percentile)
            range = { low / steps, high / steps };
        return range;
    }
    const std::size_t index = std::size_t(std::clamp(band, 1, int(data.statistics.size())) - 1);
    const BandStatistics &statistics = data.statistics[index];
    if (statistics.validCount == 0)
        return { 0, 1 };
    return { stretchValue(statistics, style, false), stretchValue(statistics, style, true) };
}

QImage RasterStyler::render(const RasterBuffer &buffer, const MapLayerData &data, const LayerStyle &style,
                            double cellSize, int margin)
{
    if (buffer.width <= 2 * margin || buffer.height <= 2 * margin)
        return {};
    switch (style.renderer) {
    case LayerStyle::Renderer::Rgb:
        if (buffer.bandCount() >= 3)
            return renderRgb(buffer, data, style, margin);
        break;
    case LayerStyle::Renderer::Classes:
        if (!data.classes.isEmpty())
            return renderClasses(buffer, data, style, margin);
        break;
    case LayerStyle::Renderer::SingleBand:
    case LayerStyle::Renderer::Dem:
        break;
    }
    return renderSingleBand(buffer, data, style, cellSize, margin);
}

} // namespace deepterra
