#pragma once

#include "terrain/demderivative.h"
#include "terrain/demderivativeoptions.h"

#include <QList>
#include <QString>

#include <optional>

namespace deepterra {

class Feedback;

// Terrain derivatives of a DEM through GDAL's DEM processing (the library behind gdaldem), written
// as rasters on the DEM's own grid so that they can serve as extra input channels of an image on
// that grid. GDAL processes the DEM three rows at a time, so memory stays proportional to a row of
// output tiles whatever the raster size.
//
// Output (tiled 256x256, DEFLATE-compressed GeoTIFF, BigTIFF when needed):
//   hillshade  Byte,    1..255 shade, NoData 0
//   slope      Float32, degrees 0..90 (or percent), NoData -9999
//   aspect     Float32, degrees 0..360 clockwise from north, NoData -9999; flat pixels are NoData
//              too unless DemDerivativeOptions::zeroForFlat
//   roughness  Float32, max - min of the 3x3 window, NoData -9999
//   tri        Float32, Riley's terrain ruggedness index (GDAL's default since 3.3), NoData -9999
//   tpi        Float32, centre minus the mean of its 8 neighbours, NoData -9999
// NoData in the DEM is NoData in the output. A pixel whose 3x3 window touches NoData (or the
// raster's border) is computed from its valid neighbours when computeEdges is on, and is NoData
// otherwise. A float DEM without a NoData value has its NaN pixels treated as NoData. GDAL's DEM
// processing ignores mask and alpha bands: only the NoData value (or NaN) marks holes.
class DemProcessor
{
public:
    // "hillshade", "slope", "aspect", "roughness", "tri", "tpi"
    static QString name(DemDerivative derivative);
    // Accepts the names above in any case, surrounding blanks ignored.
    static std::optional<DemDerivative> fromName(const QString &name);
    static QList<DemDerivative> all();
    // The value that marks NoData in the output of `derivative`, and its GDAL data type name.
    static double outputNoData(DemDerivative derivative);
    static QString outputDataType(DemDerivative derivative);

    // Runs GDALDEMProcessing on band 1 of the DEM (a DEM with several bands is accepted and its
    // other bands ignored; the feedback says so) and writes the GeoTIFF at outputPath with the
    // DEM's size, geotransform and CRS, replacing any file there. The result is written beside it
    // under a temporary name and renamed when complete, so that a failure or a cancel leaves no
    // partial file and keeps a previous one.
    // Throws DataError naming the DEM when it is missing or unreadable, DataError naming
    // outputPath when it cannot be written (missing folder, a folder in its place, the DEM itself,
    // GDAL's write error), JobCanceled when the feedback is cancelled, and std::invalid_argument
    // for options out of range (altitude outside 0..90, non-finite or zero zFactor, negative scale).
    static void compute(const QString &demPath, DemDerivative derivative, const QString &outputPath,
                        const DemDerivativeOptions &options = {}, Feedback *feedback = nullptr);
};

} // namespace deepterra
