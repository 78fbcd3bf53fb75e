#pragma once

#include "geodata/rastergrid.h"
#include "labels/labelgrid.h"
#include "labels/vectorlayerinfo.h"

#include <QString>

#include <vector>

namespace deepterra {

class Feedback;

// Labels from polygons (Shapefile, GeoPackage, GeoJSON, any OGR format) burnt onto an image's grid.
class VectorLabelSource
{
public:
    // All layers of the file; DataError if it is missing or not a vector file.
    static std::vector<VectorLayerInfo> describe(const QString &path);

    // Burns the polygons of `layer` (empty: the first layer) onto `target`, each with the class
    // of its `classField` (see VectorClassField for integer, real and text fields and for the
    // paired name field). Geometries are reprojected to the target CRS when the CRS differ;
    // a pixel takes the class of the polygon that contains its centre, of the later feature
    // where polygons overlap; pixels covered by no polygon stay LabelGrid::kIgnore. Features
    // with an empty class field or geometry are skipped.
    // Throws DataError naming the file for: a missing or corrupt file, an unknown layer (listing
    // the layers), an empty layer, an unknown field (listing the fields), a layer without CRS
    // while the image has one (and the reverse), non-polygon geometries, labels that do not
    // overlap the image, and polygons that cover no pixel centre (neither of these two with
    // LabelOverlap::Optional: the grid then holds no label; only the features whose extent meets
    // the target's are read then). JobCanceled when cancelled. `classes`: the table an earlier
    // call returned for the same file, field and layer, so that a strip of a large image does not
    // read every feature to learn them again.
    static LabelGrid rasterize(const QString &path, const QString &classField, const RasterGrid &target,
                               const QString &layer = {} /* empty: the first layer */,
                               Feedback *feedback = nullptr, LabelOverlap overlap = LabelOverlap::Required,
                               const ClassTable *classes = nullptr);
};

} // namespace deepterra
