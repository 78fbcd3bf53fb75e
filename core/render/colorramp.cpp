#include "render/colorramp.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace deepterra {

namespace {

struct RampDefinition
{
    const char *name;
    std::vector<const char *> hexStops; // evenly spaced from 0 to 1
    std::vector<double> positions; // empty: evenly spaced
};

// viridisLite's 9-colour samples (viridis, magma, inferno, cividis), ColorBrewer's full schemes,
// matplotlib's "terrain" segment positions.
const std::vector<RampDefinition> &definitions()
{
    static const std::vector<RampDefinition> ramps {
        { "grey", { "#000000", "#ffffff" }, {} },
        { "viridis",
          { "#440154", "#472d7b", "#3b528b", "#2c728e", "#21908c", "#27ad81", "#5dc863", "#aadc32",
            "#fde725" },
          {} },
        { "magma",
          { "#000004", "#1d1147", "#51127c", "#822681", "#b63679", "#e65164", "#fb8861", "#fec287",
            "#fcfdbf" },
          {} },
        { "inferno",
          { "#000004", "#1b0c42", "#4b0c6b", "#781c6d", "#a52c60", "#cf4446", "#ed6925", "#fb9a06",
            "#fcffa4" },
          {} },
        { "cividis",
          { "#00204d", "#00336f", "#39486b", "#575c6d", "#707173", "#8a8779", "#a69d75", "#c4b56c",
            "#ffea46" },
          {} },
        { "terrain",
          { "#333399", "#0099ff", "#00cc66", "#ffff99", "#805c54", "#ffffff" },
          { 0.0, 0.15, 0.25, 0.5, 0.75, 1.0 } },
        // Land only: lowland green through yellow and brown to snow, for DEMs without sea.
        { "elevation",
          { "#1a9641", "#a6d96a", "#ffffbf", "#e9b96e", "#a6611a", "#7b4a2a", "#ffffff" },
          { 0.0, 0.2, 0.4, 0.6, 0.8, 0.93, 1.0 } },
        { "spectral",
          { "#9e0142", "#d53e4f", "#f46d43", "#fdae61", "#fee08b", "#ffffbf", "#e6f598", "#abdda4", "#66c2a5",
            "#3288bd", "#5e4fa2" },
          {} },
        { "rdylbu",
          { "#a50026", "#d73027", "#f46d43", "#fdae61", "#fee090", "#ffffbf", "#e0f3f8", "#abd9e9", "#74add1",
            "#4575b4", "#313695" },
          {} },
        { "rdbu",
          { "#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3",
            "#2166ac", "#053061" },
          {} },
        { "blues",
          { "#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c",
            "#08306b" },
          {} },
        { "greens",
          { "#f7fcf5", "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#006d2c",
            "#00441b" },
          {} },
        { "ylgnbu",
          { "#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494",
            "#081d58" },
          {} },
    };
    return ramps;
}

ColorRamp build(const RampDefinition &definition)
{
    std::vector<ColorEntry> stops;
    const std::size_t count = definition.hexStops.size();
    for (std::size_t i = 0; i < count; ++i) {
        ColorEntry entry;
        ColorEntry::parseHex(QString::fromLatin1(definition.hexStops[i]), entry);
        entry.value = definition.positions.empty() ? double(i) / double(count - 1) : definition.positions[i];
        stops.push_back(entry);
    }
    return ColorRamp(QString::fromLatin1(definition.name), std::move(stops));
}

std::uint8_t mix(std::uint8_t a, std::uint8_t b, double t)
{
    return std::uint8_t(std::lround(double(a) + (double(b) - double(a)) * t));
}

} // namespace

ColorRamp::ColorRamp(const QString &name, std::vector<ColorEntry> stops)
    : m_name(name)
    , m_stops(std::move(stops))
{
    if (m_stops.size() < 2 || m_stops.front().value != 0.0 || m_stops.back().value != 1.0)
        throw std::invalid_argument("a colour ramp needs stops from position 0 to position 1");
    for (std::size_t i = 1; i < m_stops.size(); ++i)
        if (m_stops[i].value < m_stops[i - 1].value)
            throw std::invalid_argument("colour ramp stops must be sorted by position");
}

QStringList ColorRamp::names()
{
    QStringList names;
    for (const RampDefinition &definition : definitions())
        names << QString::fromLatin1(definition.name);
    return names;
}

std::optional<ColorRamp> ColorRamp::named(const QString &name)
{
    const QString wanted = name.trimmed().toLower();
    for (const RampDefinition &definition : definitions())
        if (wanted == QLatin1String(definition.name))
            return build(definition);
    return std::nullopt;
}

ColorRamp ColorRamp::namedOrGrey(const QString &name)
{
    if (auto ramp = named(name))
        return *ramp;
    return build(definitions().front());
}

ColorEntry ColorRamp::colorAt(double position) const
{
    if (std::isnan(position) || position <= 0.0)
        return m_stops.front();
    if (position >= 1.0)
        return m_stops.back();
    std::size_t upper = 1;
    while (upper < m_stops.size() - 1 && m_stops[upper].value < position)
        ++upper;
    const ColorEntry &a = m_stops[upper - 1];
    const ColorEntry &b = m_stops[upper];
    const double span = b.value - a.value;
    const double t = span > 0.0 ? (position - a.value) / span : 1.0;
    ColorEntry c;
    c.value = position;
    c.red = mix(a.red, b.red, t);
    c.green = mix(a.green, b.green, t);
    c.blue = mix(a.blue, b.blue, t);
    c.alpha = mix(a.alpha, b.alpha, t);
    return c;
}

ColorRamp ColorRamp::reversed() const
{
    std::vector<ColorEntry> stops(m_stops.rbegin(), m_stops.rend());
    for (ColorEntry &stop : stops)
        stop.value = 1.0 - stop.value;
    return ColorRamp(m_name, std::move(stops));
}

std::vector<ColorEntry> ColorRamp::sample(int count) const
{
    std::vector<ColorEntry> colors;
    colors.reserve(std::size_t(std::max(count, 0)));
    for (int i = 0; i < count; ++i)
        colors.push_back(colorAt(count > 1 ? double(i) / double(count - 1) : 0.0));
    return colors;
}

} // namespace deepterra
