#pragma once

#include "geodata/rasterreadrequest.h"
#include "project/projectlayer.h"
#include "render/maplayerdata.h"

namespace deepterra {

class Feedback;

// Loads a project layer for the workspace on a worker thread: opens the file by kind, computes
// what drawing needs (band percentiles, classes, polygons in the map's CRS, the series, the cube's
// variables), finds the overviews cached for a large raster without its own, and places the layer
// on the map.
class MapLayerLoader
{
public:
    static constexpr double kPercentileStep = 0.5;
    // Rasters larger than this many pixels per band get statistics from a decimated read.
    static constexpr qint64 kStatisticsPixelBudget = qint64(1) << 18;
    // Class rasters of up to this many pixels get exact pixel counts per class; larger ones an
    // estimate from a sample of about as many pixels (ClassPixelCounter).
    static constexpr qint64 kClassPixelBudget = qint64(1) << 26;

    // `filePath` is the layer's absolute path. `mapCrs` is the map's CRS (invalid: the map has
    // none yet, and the layer's own CRS will be the map's). Kind-specific settings come from
    // layer.properties: "band" (class raster), "layer" and "classField" (vector labels),
    // "variable" (cube), "dateColumn" and "missingMarkers" (series).
    // Throws DataError naming the file when it is missing, corrupt or not of the layer's kind;
    // a layer that cannot be placed on the map is loaded with MapLayerData::mapProblem set.
    // JobCanceled when the feedback is cancelled.
    static MapLayerData load(const ProjectLayer &layer, const QString &filePath, const CrsInfo &mapCrs,
                             Feedback *feedback = nullptr);

    // Whether the layer is a file large enough to want overviews and has none of its own
    // (OverviewCache::needsOverviews): loading then takes them from the cache when they were built
    // (MapLayerData::overviewPath) and the GUI builds them in the background when not.
    static bool wantsCachedOverviews(const MapLayerData &data);
    // Average for continuous values, nearest neighbour for classes.
    static Resampling overviewResampling(const MapLayerData &data);

    // The percentile `percent` of band statistics computed by load(), interpolated between the
    // computed steps; NaN when the band has no valid pixel.
    static double percentile(const BandStatistics &statistics, double percent);
};

} // namespace deepterra
