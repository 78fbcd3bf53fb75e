#pragma once

#include "geodata/rasterbuffer.h"
#include "map/layerstyle.h"

#include <QImage>

namespace deepterra {

struct MapLayerData;

// Turns the pixels read for a view into colours: RGB composites and single bands stretched
// between percentiles or the band's minimum and maximum, single bands through a colour ramp, DEMs
// with their hillshade blended under the ramp, classes in their colours. Invalid pixels are
// transparent. Runs on the render workers.
class RasterStyler
{
public:
    struct Range
    {
        double low = 0;
        double high = 1;
    };
    // The values mapped to the ends of the ramp (or to 0 and 255) for band `band` of the layer.
    // For a cube, whose bands are time steps, one range serves every step so that colours mean
    // the same value at every time: the mean of the steps' percentiles, or the overall min-max.
    static Range stretchRange(const MapLayerData &data, int band, const LayerStyle &style);

    // `buffer` holds style.bands() in order, read on a grid `margin` pixels larger than the image
    // on every side (the hillshade's neighbours); `cellSize` is the grid's pixel size in the
    // elevation's unit (metres) for the hillshade.
    static QImage render(const RasterBuffer &buffer, const MapLayerData &data, const LayerStyle &style,
                         double cellSize, int margin = 0);
};

} // namespace deepterra
