#pragma once

#include "geodata/rasterbuffer.h"

#include <vector>

namespace deepterra {

struct HillshadeOptions
{
    double azimuth = 315.0; // direction of the light, degrees clockwise from north
    double altitude = 45.0; // height of the light above the horizon, degrees
    double zFactor = 1.0; // vertical exaggeration
};

// The shaded relief of a DEM window, computed on whatever grid the window was read (a screen's
// worth of pixels for the map), so that relief stays crisp at every zoom without a hillshade file.
// Horn's method with gdaldem hillshade's formula: gdaldem writes 1 + 254 * shade.
class Hillshade
{
public:
    // Shade of each pixel of band `bandSlot`, 0 (facing away from the light) to 1 (facing it); NaN
    // where the pixel is invalid. As with gdaldem -compute_edges, a neighbour outside the buffer is
    // extrapolated linearly from the two nearest pixels, and an invalid one takes the centre's
    // elevation: the map's shading matches gdaldem's at the raster's edges too. `cellWidth` and `cellHeight`
    // are the pixel size in the elevation's unit (metres per pixel for a DEM in metres; multiply degrees by
    // 111120 for a geographic grid).
    static std::vector<float> compute(const RasterBuffer &dem, int bandSlot, double cellWidth,
                                      double cellHeight, const HillshadeOptions &options = {});
};

} // namespace deepterra
