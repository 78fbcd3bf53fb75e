#pragma once

#include "labels/classtable.h"
#include "project/layerkind.h"

#include <QJsonObject>
#include <QString>

namespace deepterra {

struct MapLayerData;

// How a layer is drawn, as stored in the project's layer.style:
//   {"renderer": "rgb", "red": 3, "green": 2, "blue": 1, "stretch": "percentile", "low": 2, "high": 98}
//   {"renderer": "singleband", "band": 1, "ramp": "viridis", "invert": false, "stretch": "minmax"}
//   {"renderer": "dem", "band": 1, "ramp": "terrain", "hillshade": true, "hillshadeStrength": 0.6,
//    "azimuth": 315, "altitude": 45, "zFactor": 1}
//   {"renderer": "classes", "fillOpacity": 0.5, "outline": true,
//    "classes": [{"value": 1, "name": "water", "color": "#1f78b4"}]}
// Keys a renderer does not use are not written. Unknown keys are kept, so a newer build's
// settings survive a round trip.
struct LayerStyle
{
    enum class Renderer { Rgb, SingleBand, Dem, Classes };
    enum class Stretch { Percentile, MinMax };

    Renderer renderer = Renderer::SingleBand;
    int red = 1;
    int green = 2;
    int blue = 3;
    int band = 1;
    Stretch stretch = Stretch::Percentile;
    double low = 2.0; // percent, for the percentile stretch
    double high = 98.0;
    QString ramp = QStringLiteral("grey");
    bool invert = false;
    bool hillshade = false;
    double hillshadeStrength = 0.6; // 0: colours only, 1: colours fully modulated by the shade
    double azimuth = 315.0;
    double altitude = 45.0;
    double zFactor = 1.0;
    double fillOpacity = 0.5; // vector labels
    bool outline = true;
    ClassTable classColors; // overrides of the layer's own class colours and names
    QJsonObject extra; // keys this build does not know

    // The style a layer gets before the user chose one, from what its data hold.
    static LayerStyle defaultFor(LayerKind kind, const MapLayerData &data);
    // `json` over the defaults for the data: missing keys keep their default.
    static LayerStyle fromJson(const QJsonObject &json, LayerKind kind, const MapLayerData &data);
    QJsonObject toJson() const;

    static QString rendererName(Renderer renderer);
    // The 1-based bands this style reads.
    std::vector<int> bands() const;
    bool isSingleBand() const { return renderer == Renderer::SingleBand || renderer == Renderer::Dem; }
    // The layer's classes with this style's colours and names where it overrides them.
    ClassTable classesFor(const MapLayerData &data) const;
};

} // namespace deepterra
