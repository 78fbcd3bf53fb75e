#pragma once

#include "geodata/crsinfo.h"

#include <QRectF>
#include <QString>
#include <QStringList>

namespace deepterra {

// What a user picks a label layer and its class field from.
struct VectorLayerInfo
{
    QString name;
    QString geometryType; // OGR's name: "Polygon", "Multi Polygon", "Point", "Unknown (any)"...
    qint64 featureCount = 0;
    CrsInfo crs; // invalid when the layer has none
    QRectF extent; // in the layer's CRS, x = easting/longitude; empty when unknown
    QStringList fields;
};

} // namespace deepterra
