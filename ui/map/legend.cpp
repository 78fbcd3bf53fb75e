#include "map/legend.h"

#include "map/rasterstyler.h"
#include "render/colorramp.h"
#include "render/maplayerdata.h"

#include <QPainter>
#include <QPixmap>

#include <cmath>

namespace deepterra {

QString Legend::formatValue(double value)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    if (value == std::round(value) && std::abs(value) < 1e9)
        return QString::number(qint64(value));
    const double magnitude = std::abs(value);
    return QString::number(value, 'g', magnitude >= 1e5 || magnitude < 1e-3 ? 3 : 4);
}

QString Legend::bandLabel(const MapLayerData &data, int band, const QStringList &bandNames)
{
    QString name;
    if (band >= 1 && band <= bandNames.size())
        name = bandNames.at(band - 1);
    else if (band >= 1 && band <= data.raster.bandCount())
        name = data.raster.bands[std::size_t(band - 1)].description;
    if (data.kind == LayerKind::Cube && band >= 1 && band <= int(data.times.size()))
        name = data.times[std::size_t(band - 1)].toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    return name.isEmpty() ? QObject::tr("band %1").arg(band) : QStringLiteral("%1 · %2").arg(band).arg(name);
}

QImage Legend::rampImage(const QString &ramp, bool invert, const QSize &size)
{
    ColorRamp colors = ColorRamp::namedOrGrey(ramp);
    if (invert)
        colors = colors.reversed();
    QImage image(size, QImage::Format_RGB32);
    for (int x = 0; x < size.width(); ++x) {
        const ColorEntry c = colors.colorAt(size.width() > 1 ? double(x) / (size.width() - 1) : 0.0);
        for (int y = 0; y < size.height(); ++y)
            image.setPixel(x, y, qRgb(c.red, c.green, c.blue));
    }
    return image;
}

QIcon Legend::swatch(const QColor &color, bool outlined)
{
    QPixmap pixmap(kIconWidth, kIconHeight);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    const QRect box(kIconWidth / 2 - kIconHeight / 2 - 4, 0, kIconHeight + 8, kIconHeight - 1);
    painter.fillRect(box, color);
    painter.setPen(outlined ? color.darker(150) : QColor(0, 0, 0, 60));
    painter.drawRect(box);
    return QIcon(pixmap);
}

std::vector<LegendEntry> Legend::entries(const MapLayerData &data, const LayerStyle &style,
                                         const QStringList &bandNames)
{
    std::vector<LegendEntry> entries;
    if (!data.isMapLayer())
        return entries;
    switch (style.renderer) {
    case LayerStyle::Renderer::Rgb: {
        const QColor colors[3] = { QColor(220, 40, 40), QColor(40, 160, 60), QColor(40, 80, 220) };
        const int bands[3] = { style.red, style.green, style.blue };
        const QString channels[3] = { QObject::tr("Red"), QObject::tr("Green"), QObject::tr("Blue") };
        for (int i = 0; i < 3; ++i)
            entries.push_back(
                { swatch(colors[i]),
                  QStringLiteral("%1: %2").arg(channels[i], bandLabel(data, bands[i], bandNames)) });
        break;
    }
    case LayerStyle::Renderer::SingleBand:
    case LayerStyle::Renderer::Dem: {
        const RasterStyler::Range range = RasterStyler::stretchRange(data, style.band, style);
        const QString unit = style.band >= 1 && style.band <= data.raster.bandCount()
            ? data.raster.bands[std::size_t(style.band - 1)].unit
            : QString();
        QPixmap pixmap
            = QPixmap::fromImage(rampImage(style.ramp, style.invert, QSize(kIconWidth, kIconHeight)));
        entries.push_back({ QIcon(pixmap),
                            QStringLiteral("%1 – %2%3")
                                .arg(formatValue(range.low), formatValue(range.high),
                                     unit.isEmpty() ? QString() : QStringLiteral(" ") + unit) });
        entries.push_back({ QIcon(), bandLabel(data, style.band, bandNames) });
        if (style.renderer == LayerStyle::Renderer::Dem && style.hillshade)
            entries.push_back({ QIcon(),
                                QObject::tr("hillshade %1%, light from %2°")
                                    .arg(qRound(style.hillshadeStrength * 100))
                                    .arg(style.azimuth) });
        break;
    }
    case LayerStyle::Renderer::Classes:
        for (const ClassEntry &entry : style.classesFor(data).entries) {
            // A transparent class is not drawn: listing it would show a black swatch for nothing.
            if (entry.color.alpha == 0)
                continue;
            entries.push_back(
                { swatch(QColor(entry.color.red, entry.color.green, entry.color.blue), !data.isRaster),
                  data.isRaster ? QStringLiteral("%1 %2").arg(entry.value).arg(entry.name) : entry.name });
        }
        if (entries.empty() && !data.isRaster)
            entries.push_back({ swatch(QColor(80, 80, 80), true), QObject::tr("polygons (no class field)") });
        break;
    }
    return entries;
}

} // namespace deepterra
