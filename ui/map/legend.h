#pragma once

#include "map/layerstyle.h"

#include <QIcon>
#include <QImage>
#include <QString>
#include <QStringList>

#include <vector>

namespace deepterra {

struct MapLayerData;

struct LegendEntry
{
    QIcon icon;
    QString label;
};

// What a layer's colours mean, for the layers panel and the style dialog: the bands of a
// composite, a ramp with the values at its ends, or one swatch per class.
class Legend
{
public:
    static constexpr int kIconWidth = 36;
    static constexpr int kIconHeight = 14;

    // `bandNames` are the project's names for the bands (layer property "bandNames"), if any.
    static std::vector<LegendEntry> entries(const MapLayerData &data, const LayerStyle &style,
                                            const QStringList &bandNames = {});
    // "3 · red" or "band 3", with the band's description when the file has one.
    static QString bandLabel(const MapLayerData &data, int band, const QStringList &bandNames = {});
    // The ramp left to right, `size` pixels.
    static QImage rampImage(const QString &ramp, bool invert, const QSize &size);
    static QIcon swatch(const QColor &color, bool outlined = false);
    static QString formatValue(double value);
};

} // namespace deepterra
