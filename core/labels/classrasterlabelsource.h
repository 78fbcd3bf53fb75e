#pragma once

#include "geodata/rastergrid.h"
#include "labels/labelgrid.h"

#include <QString>

namespace deepterra {

class Feedback;

// Labels from a class raster: each pixel value is a class, described by the raster's attribute
// and colour tables (ClassTable::fromRasterBand).
class ClassRasterLabelSource
{
public:
    // Aligns band `band` of the class raster onto `target` by nearest neighbour (RasterWarper),
    // reprojecting when the CRS differ. Values without a class entry, NoData and pixels outside
    // the source become LabelGrid::kIgnore. Throws DataError naming the label file when it is
    // missing or unreadable, when exactly one side has no CRS, when the labels do not overlap
    // the image, or when no labelled pixel lands on the target; with LabelOverlap::Optional, labels
    // that miss the target give a grid without labelled pixels instead. `classes`: the table an
    // earlier call returned for the same band (without a raster attribute table, finding the classes
    // reads the whole raster: a strip of a large image should not do that again).
    static LabelGrid load(const QString &path, const RasterGrid &target, int band = 1,
                          Feedback *feedback = nullptr, LabelOverlap overlap = LabelOverlap::Required,
                          const ClassTable *classes = nullptr);
};

} // namespace deepterra
