#include "map/layerstyle.h"

#include "render/colorramp.h"
#include "render/maplayerdata.h"

#include <QJsonArray>

namespace deepterra {

namespace {

const QString kRenderer = QStringLiteral("renderer");
const QString kRed = QStringLiteral("red");
const QString kGreen = QStringLiteral("green");
const QString kBlue = QStringLiteral("blue");
const QString kBand = QStringLiteral("band");
const QString kStretch = QStringLiteral("stretch");
const QString kLow = QStringLiteral("low");
const QString kHigh = QStringLiteral("high");
const QString kRamp = QStringLiteral("ramp");
const QString kInvert = QStringLiteral("invert");
const QString kHillshade = QStringLiteral("hillshade");
const QString kStrength = QStringLiteral("hillshadeStrength");
const QString kAzimuth = QStringLiteral("azimuth");
const QString kAltitude = QStringLiteral("altitude");
const QString kZFactor = QStringLiteral("zFactor");
const QString kFillOpacity = QStringLiteral("fillOpacity");
const QString kOutline = QStringLiteral("outline");
const QString kClasses = QStringLiteral("classes");

const QStringList &knownKeys()
{
    static const QStringList keys { kRenderer, kRed,      kGreen,   kBlue,        kBand,      kStretch,
                                    kLow,      kHigh,     kRamp,    kInvert,      kHillshade, kStrength,
                                    kAzimuth,  kAltitude, kZFactor, kFillOpacity, kOutline,   kClasses };
    return keys;
}

// The band whose colour interpretation is `name`, or `fallback`.
int bandInterpretedAs(const MapLayerData &data, const QString &name, int fallback)
{
    for (const BandInfo &band : data.raster.bands)
        if (band.colorInterpretation.compare(name, Qt::CaseInsensitive) == 0)
            return band.index;
    return std::min(fallback, std::max(1, data.raster.bandCount()));
}

int clampBand(int band, const MapLayerData &data)
{
    return data.raster.bandCount() > 0 ? std::clamp(band, 1, data.raster.bandCount()) : band;
}

} // namespace

QString LayerStyle::rendererName(Renderer renderer)
{
    switch (renderer) {
    case Renderer::Rgb:
        return QStringLiteral("rgb");
    case Renderer::SingleBand:
        return QStringLiteral("singleband");
    case Renderer::Dem:
        return QStringLiteral("dem");
    case Renderer::Classes:
        return QStringLiteral("classes");
    }
    return {};
}

LayerStyle LayerStyle::defaultFor(LayerKind kind, const MapLayerData &data)
{
    LayerStyle style;
    if (!data.classes.isEmpty() || kind == LayerKind::VectorLabels || kind == LayerKind::ClassRaster) {
        style.renderer = Renderer::Classes;
        style.fillOpacity = kind == LayerKind::VectorLabels ? 0.45 : 1.0;
        return style;
    }
    switch (kind) {
    case LayerKind::Dem:
        style.renderer = Renderer::Dem;
        style.ramp = QStringLiteral("terrain");
        style.hillshade = true;
        style.stretch = Stretch::MinMax;
        break;
    case LayerKind::Cube:
        // Percentiles over every time step: a few extreme cells would otherwise darken the rest.
        style.ramp = QStringLiteral("viridis");
        break;
    case LayerKind::Prediction:
        style.ramp = QStringLiteral("viridis");
        break;
    default:
        if (data.raster.bandCount() >= 3) {
            style.renderer = Renderer::Rgb;
            style.red = bandInterpretedAs(data, QStringLiteral("Red"), 1);
            style.green = bandInterpretedAs(data, QStringLiteral("Green"), 2);
            style.blue = bandInterpretedAs(data, QStringLiteral("Blue"), 3);
        }
        break;
    }
    return style;
}

LayerStyle LayerStyle::fromJson(const QJsonObject &json, LayerKind kind, const MapLayerData &data)
{
    LayerStyle style = defaultFor(kind, data);
    const QString renderer = json.value(kRenderer).toString();
    if (renderer == QLatin1String("rgb") && data.raster.bandCount() > 0)
        style.renderer = Renderer::Rgb;
    else if (renderer == QLatin1String("singleband"))
        style.renderer = Renderer::SingleBand;
    else if (renderer == QLatin1String("dem")) {
        style.renderer = Renderer::Dem;
        style.hillshade = true;
    } else if (renderer == QLatin1String("classes") && (!data.classes.isEmpty() || !data.isRaster))
        style.renderer = Renderer::Classes;
    style.red = clampBand(json.value(kRed).toInt(style.red), data);
    style.green = clampBand(json.value(kGreen).toInt(style.green), data);
    style.blue = clampBand(json.value(kBlue).toInt(style.blue), data);
    style.band = clampBand(json.value(kBand).toInt(style.band), data);
    if (json.contains(kStretch))
        style.stretch = json.value(kStretch).toString() == QLatin1String("minmax") ? Stretch::MinMax
                                                                                   : Stretch::Percentile;
    style.low = std::clamp(json.value(kLow).toDouble(style.low), 0.0, 100.0);
    style.high = std::clamp(json.value(kHigh).toDouble(style.high), style.low, 100.0);
    if (ColorRamp::named(json.value(kRamp).toString()))
        style.ramp = json.value(kRamp).toString().toLower();
    style.invert = json.value(kInvert).toBool(style.invert);
    style.hillshade = json.value(kHillshade).toBool(style.hillshade);
    style.hillshadeStrength = std::clamp(json.value(kStrength).toDouble(style.hillshadeStrength), 0.0, 1.0);
    style.azimuth = json.value(kAzimuth).toDouble(style.azimuth);
    style.altitude = std::clamp(json.value(kAltitude).toDouble(style.altitude), 0.0, 90.0);
    style.zFactor = json.value(kZFactor).toDouble(style.zFactor);
    style.fillOpacity = std::clamp(json.value(kFillOpacity).toDouble(style.fillOpacity), 0.0, 1.0);
    style.outline = json.value(kOutline).toBool(style.outline);
    if (json.value(kClasses).isArray()) {
        try {
            style.classColors = ClassTable::fromJson(json.value(kClasses).toArray());
        } catch (const std::exception &) {
            // A hand-edited table with a repeated value: the layer's own colours serve.
        }
    }
    for (auto it = json.begin(); it != json.end(); ++it)
        if (!knownKeys().contains(it.key()))
            style.extra.insert(it.key(), it.value());
    return style;
}

QJsonObject LayerStyle::toJson() const
{
    QJsonObject json = extra;
    json.insert(kRenderer, rendererName(renderer));
    switch (renderer) {
    case Renderer::Rgb:
        json.insert(kRed, red);
        json.insert(kGreen, green);
        json.insert(kBlue, blue);
        break;
    case Renderer::Dem:
        json.insert(kHillshade, hillshade);
        json.insert(kStrength, hillshadeStrength);
        json.insert(kAzimuth, azimuth);
        json.insert(kAltitude, altitude);
        json.insert(kZFactor, zFactor);
        Q_FALLTHROUGH();
    case Renderer::SingleBand:
        json.insert(kBand, band);
        json.insert(kRamp, ramp);
        json.insert(kInvert, invert);
        break;
    case Renderer::Classes:
        json.insert(kFillOpacity, fillOpacity);
        json.insert(kOutline, outline);
        if (!classColors.isEmpty())
            json.insert(kClasses, classColors.toJson());
        return json;
    }
    json.insert(kStretch,
                stretch == Stretch::MinMax ? QStringLiteral("minmax") : QStringLiteral("percentile"));
    if (stretch == Stretch::Percentile) {
        json.insert(kLow, low);
        json.insert(kHigh, high);
    }
    return json;
}

ClassTable LayerStyle::classesFor(const MapLayerData &data) const
{
    ClassTable classes = data.classes;
    for (ClassEntry &entry : classes.entries) {
        if (const ClassEntry *override = classColors.findValue(entry.value)) {
            entry.color = override->color;
            if (!override->name.isEmpty())
                entry.name = override->name;
        }
    }
    return classes;
}

std::vector<int> LayerStyle::bands() const
{
    switch (renderer) {
    case Renderer::Rgb:
        return { red, green, blue };
    case Renderer::SingleBand:
    case Renderer::Dem:
    case Renderer::Classes:
        break;
    }
    return { band };
}

} // namespace deepterra
