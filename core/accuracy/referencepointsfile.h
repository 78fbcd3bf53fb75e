#pragma once

#include "accuracy/referencepoint.h"
#include "geodata/crsinfo.h"
#include "labels/classentry.h"

#include <QString>

#include <vector>

namespace deepterra {

// The reference points of an accuracy assessment as a vector file any GIS opens: a GeoPackage
// (or GeoJSON) point layer with the fields point_id, map_value, map_class (the class name),
// column, row and an empty `reference` for the person who labels them. What comes back is read
// by the field names, so that a GIS may reorder or add fields.
class ReferencePointsFile
{
public:
    static constexpr const char *kReferenceField = "reference";

    // Written under a temporary name and renamed when complete. Throws DataError(path, ...) for
    // an unwritable path.
    static void write(const QString &path, const std::vector<ReferencePoint> &points,
                      const std::vector<ClassEntry> &classes, const CrsInfo &crs);

    // The points and their reference labels: an integer class value, or a class's name as the
    // map's table spells it (case aside). A point without a label is returned without one.
    // Throws DataError(path, ...) for a file that is not a vector file, a layer without the
    // map_value or reference field, or a label that is no class of `classes`, naming the point.
    static std::vector<ReferencePoint> read(const QString &path, const std::vector<ClassEntry> &classes);
};

} // namespace deepterra
