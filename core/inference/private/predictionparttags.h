#pragma once

// Core-private: only core .cpp files include this.

#include "inference/rasterpart.h"

#include <QString>

#include <gdal.h>

namespace deepterra {

// What a part of a prediction (predict --part I/N) records in each of its files, so that the
// parts can be checked and joined without being told where they go: which part of how many, the
// raster rows it holds and the raster's height. GDAL metadata items, kept by the GeoTIFFs.
struct PredictionPartTags
{
    RasterPart part;
    int firstRow = 0;
    int endRow = 0;
    int rasterHeight = 0;
    // Names what the pixels depend on (input, model, settings: PredictionResumeState's fingerprint
    // without the outputs and the part), so that parts of two predictions are not joined.
    QString prediction;
    // Set by the writer's finish(), just before the file takes its final name: an interrupted
    // part's ".partial" file has the other tags but not this one.
    bool complete = false;

    void write(GDALDatasetH dataset) const;
    static void markComplete(GDALDatasetH dataset);
    // False when the dataset holds no tags, or tags that do not add up.
    static bool read(GDALDatasetH dataset, PredictionPartTags *tags);
};

} // namespace deepterra
