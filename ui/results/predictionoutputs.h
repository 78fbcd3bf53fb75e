#pragma once

#include "inference/predictionrequest.h"

#include <QJsonArray>
#include <QString>
#include <QStringList>

namespace deepterra {

class ProjectController;

// Where a whole-raster prediction's maps go and how they join the project: the default paths
// beside the project, and the layers added once the maps are written.
class PredictionOutputs
{
public:
    // The training image a run read, from its config.json ("data" › "image"); empty when unknown.
    // Reads the file: for the loaders off the GUI thread (the runs panel's RunSummary has it too).
    static QString trainingImage(const QString &runFolder);
    // <folder>/<model>-classes.tif (-anomaly.tif for autoencoders), -probabilities.tif,
    // -confidence.tif, in the request's output, probabilities and confidence.
    static PredictionRequest defaults(const QString &folder, const QString &modelName, bool anomaly);
    // Adds the maps the request wrote as layers, the class map or anomaly map on top: the class map
    // drawn in `classes` ([{"value", "name", "color"}]). Returns the layer ids, the map first.
    static QStringList addLayers(ProjectController *project, const PredictionRequest &request,
                                 const QString &task, const QJsonArray &classes, const QString &modelName);
};

} // namespace deepterra
