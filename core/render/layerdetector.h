#pragma once

#include "project/projectlayer.h"

#include <QString>

namespace deepterra {

// Makes a project layer of a file the user dropped on the window or opened: decides its kind from
// what the file holds, and its kind-specific settings (a vector layer's class field, a cube's
// variable). Only opens the file's header: the layer loads later, in the background.
class LayerDetector
{
public:
    // Rasters with 3 or more bands are imagery; a single integer band with a colour or attribute
    // table is a class raster; a single band named like an elevation model (dem, dtm, dsm, srtm,
    // elev...) or in metres is a DEM; any other raster is imagery. Vector files are label layers
    // (their first layer; the class field is the first field named like class, label, landcover,
    // category or type, else the first field); NetCDF files are cubes (their first gridded
    // variable with a time axis); CSV and text tables are series.
    // The id is the file's base name (the caller makes it unique) and the path absolute.
    // Throws DataError naming the file when it is missing, of a format Deepterra does not read,
    // corrupt, or holds nothing to show (a NetCDF file without a gridded variable over time).
    static ProjectLayer detect(const QString &path);
};

} // namespace deepterra
