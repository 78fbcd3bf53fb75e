#pragma once

#include "geodata/rastergrid.h"

#include <QRect>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace deepterra {

// A small single-band GeoTIFF over a window of a grid: its georeferencing is the grid's, moved to
// the window's corner, so that it lies exactly over those pixels on the map. DEFLATE-compressed and
// written atomically (a reader never sees half a file). For outputs of a few megabytes at most
// (a saliency map, the validation pairs); whole-raster maps stream through PredictionWriter.
class WindowGeoTiff
{
public:
    struct Band
    {
        std::optional<double> noData;
        QString description;
    };

    // `values`: window.width() x window.height(), row by row. Throws DataError naming `path` when
    // it cannot be written.
    static void writeFloat32(const QString &path, const RasterGrid &grid, const QRect &window,
                             const std::vector<float> &values, const Band &band = {});
    // Byte when every value fits, else UInt16.
    static void writeUnsigned(const QString &path, const RasterGrid &grid, const QRect &window,
                              const std::vector<std::uint16_t> &values, const Band &band = {});
};

} // namespace deepterra
