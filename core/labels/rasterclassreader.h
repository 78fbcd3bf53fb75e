#pragma once

#include "labels/classtable.h"

#include <QString>

#include <vector>

namespace deepterra {

class RasterDataset;

// Reads the classes of a class raster's band for ClassTable::fromRasterBand: the raster attribute
// table's value, name and colour columns, the colour table, and the distinct values of the band.
class RasterClassReader
{
public:
    static ClassTable read(const QString &path, int band);

    // The distinct values of the band, NoData excluded, sorted. Throws DataError for a
    // non-integer value or more than ClassTable::kMaxDistinctValues values.
    static std::vector<int> distinctValues(const RasterDataset &dataset, int band);
};

} // namespace deepterra
