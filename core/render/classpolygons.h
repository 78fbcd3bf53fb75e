#pragma once

#include "geodata/crsinfo.h"
#include "labels/classtable.h"

#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <vector>

namespace deepterra {

// One polygon of a label layer, ready to draw: its rings (the first is the outline, the others
// holes) in the map's CRS, and the index of its class in ClassPolygons::classes (-1: none).
struct ClassPolygon
{
    int classIndex = -1;
    std::vector<std::vector<QPointF>> rings;
};

// The polygons of a vector layer with their classes, in the map's CRS.
struct ClassPolygons
{
    QString layer;
    QString classField; // empty: the polygons carry no class
    QStringList fields; // every attribute of the layer: what a class field can be chosen from
    ClassTable classes;
    CrsInfo sourceCrs; // the layer's own CRS
    std::vector<ClassPolygon> polygons;
    QRectF extent; // of all polygons, in the map's CRS
    int skippedFeatures = 0; // without a polygon geometry, or that could not be transformed
};

} // namespace deepterra
