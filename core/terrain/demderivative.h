#pragma once

namespace deepterra {

// Surface derivatives of a digital elevation model, as computed by GDAL's DEM processing (gdaldem).
enum class DemDerivative { Hillshade, Slope, Aspect, Roughness, Tri, Tpi };

} // namespace deepterra
