#pragma once

#include "geodata/rasterinfo.h"
#include "labels/classtable.h"
#include "project/layerkind.h"
#include "render/classpixelcounts.h"
#include "render/classpolygons.h"
#include "series/netcdfvariable.h"
#include "series/timeseries.h"
#include "statistics/bandstatistics.h"

#include <QDateTime>
#include <QRectF>
#include <QString>

#include <vector>

namespace deepterra {

// What the map, the layers panel and the series view need of one loaded layer, read once in the
// background: the raster's facts and band statistics for stretching, the classes, the polygons in
// the map's CRS, the series, the cube's variables and time steps. Plain data, shared read-only
// between the GUI thread and the render workers.
struct MapLayerData
{
    LayerKind kind = LayerKind::Imagery;
    QString filePath; // the file on disk
    // What GDAL opens for drawing: the file, or NETCDF:"file":variable for a cube.
    QString rasterPath;
    // A large raster without overviews of its own: the VRT with overviews built for it in the
    // OverviewCache, which drawing opens instead of rasterPath; empty until they are built.
    QString overviewPath;

    bool isRaster = false;
    RasterInfo raster;
    // Per band, in band order; approximate for large rasters (a decimated read, or for a large
    // raster without overviews a sparse sample of its blocks). Percentiles every
    // MapLayerLoader::kPercentileStep percent from 0 to 100.
    std::vector<BandStatistics> statistics;

    ClassTable classes; // class rasters, class predictions, vector labels
    // Class rasters and class predictions: the pixels of each class of `classes` in the band the
    // classes come from; estimated for rasters over MapLayerLoader::kClassPixelBudget pixels.
    ClassPixelCounts classPixels;
    ClassPolygons polygons; // vector labels

    TimeSeries series; // CSV series

    std::vector<NetCdfVariable> variables; // cubes: every variable of the file
    QString variable; // cubes: the one drawn
    std::vector<QDateTime> times; // cubes: one per band

    CrsInfo crs; // the layer's own CRS; invalid when it has none
    QRectF mapExtent; // in the map's CRS; empty when unknown
    // Why the layer is not drawn on this map (no CRS while the map has one, no transformation);
    // empty when it is drawn or is not a map layer (a series).
    QString mapProblem;

    bool isMapLayer() const { return isRaster || !polygons.polygons.empty(); }
    bool isDrawable() const { return isMapLayer() && mapProblem.isEmpty(); }
};

} // namespace deepterra
