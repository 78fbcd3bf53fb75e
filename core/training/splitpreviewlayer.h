#pragma once

#include "geodata/rastergrid.h"

#include <QRect>
#include <QString>

#include <vector>

namespace deepterra {

// The polygons of a split preview, each with its role ("training", "validation", "buffer") and the
// number of patches it holds, drawn in the image's pixels and written in its CRS.
class SplitPreviewLayer
{
public:
    // The union of `area` minus the union of `cutOut`, both rectangles in the image's pixels.
    void add(const QString &role, std::vector<QRect> area, std::vector<QRect> cutOut, int patches);
    int count(const QString &role) const;
    int size() const { return int(m_parts.size()); }

    // A GeoPackage (.gpkg) or GeoJSON (.geojson, .json) file with one layer, "split", whose features
    // have the fields "role" and "patches", placed by `grid`'s geotransform and CRS. Replaces an
    // existing file in one step (AtomicFile): a failed or killed write leaves the previous one whole.
    // Throws DataError naming `path` when it cannot be written.
    void write(const QString &path, const RasterGrid &grid) const;

private:
    struct Part
    {
        QString role;
        std::vector<QRect> area;
        std::vector<QRect> cutOut;
        int patches = 0;
    };
    std::vector<Part> m_parts;
};

} // namespace deepterra
