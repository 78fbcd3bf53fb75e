#pragma once

class QPainter;

namespace deepterra {

class MapView;
struct LayerStyle;
struct MapLayerData;

// Draws a label layer's polygons in their class colours: a translucent fill so that the imagery
// stays visible beneath, and a crisp outline in the class colour.
class VectorLayerPainter
{
public:
    // `view` is the view the painter's device covers (device pixel = screen pixel).
    static void paint(QPainter &painter, const MapLayerData &data, const LayerStyle &style,
                      const MapView &view);
};

} // namespace deepterra
