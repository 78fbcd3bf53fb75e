#pragma once

#include <QString>

namespace deepterra {

class Project;
struct ProjectLayer;

// What is opened for a project layer: its file, or for a layer that names a NetCDF variable, the
// subdataset GDAL opens (rasters) or the variable's series at a point or over a box (series; see
// SeriesOrigin). Layers keep the file and the variable apart so that the file's path stays
// relative to the project.
class LayerSource
{
public:
    static QString raster(const Project &project, const ProjectLayer &layer);
    static QString series(const Project &project, const ProjectLayer &layer);
};

} // namespace deepterra
