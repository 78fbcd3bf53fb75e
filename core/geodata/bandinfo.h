#pragma once

#include "geodata/colorentry.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace deepterra {

struct BandInfo
{
    int index = 0; // 1-based, as in GDAL
    QString dataType; // GDAL's name: Byte, Int16, UInt16, Int32, Float32, Float64...
    std::optional<double> noData;
    QString description;
    QString colorInterpretation;
    QString unit;
    double scale = 1.0;
    double offset = 0.0;
    int blockWidth = 0;
    int blockHeight = 0;
    int overviewCount = 0;
    std::vector<ColorEntry> colorTable;
    int attributeTableRows = 0; // 0: no raster attribute table
    QStringList attributeTableColumns;
};

} // namespace deepterra
