#pragma once

#include "render/classpolygons.h"

namespace deepterra {

class Feedback;

// Reads a vector layer's polygons for drawing: geometries transformed into the map's CRS
// (multi-polygons split into their parts, curves linearised), each with its class from the class
// field as VectorClassField reads it, so that the map and the training see the same classes.
class ClassPolygonReader
{
public:
    // `layer` empty: the first layer; `classField` empty: no classes. When the map or the layer
    // has no CRS, coordinates stay as the file stores them (ClassPolygons::sourceCrs tells the
    // caller whether the layer can be placed). Throws DataError naming the file for a missing or
    // corrupt file, an unknown layer or field, no transformation between the CRS, and a layer
    // without a single polygon. JobCanceled when the feedback is cancelled.
    static ClassPolygons read(const QString &path, const QString &layer, const QString &classField,
                              const CrsInfo &mapCrs, Feedback *feedback = nullptr);
};

} // namespace deepterra
