#include "project/layersource.h"

#include "geodata/netcdfsubdataset.h"
#include "project/project.h"
#include "series/seriesorigin.h"

namespace deepterra {

QString LayerSource::raster(const Project &project, const ProjectLayer &layer)
{
    const QString variable = layer.properties.value(QStringLiteral("variable")).toString();
    if (variable.isEmpty())
        return project.absolutePath(layer);
    return NetCdfSubdataset { project.absolutePath(layer), variable }.toString();
}

QString LayerSource::series(const Project &project, const ProjectLayer &layer)
{
    return SeriesOrigin::ofLayer(project.absolutePath(layer), layer.properties).toString();
}

} // namespace deepterra
