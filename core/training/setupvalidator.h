#pragma once

#include "training/setupproblem.h"

#include <QJsonObject>
#include <QString>
#include <QVector>

#include <functional>
#include <memory>

namespace deepterra {

class Project;
struct MapLayerData;

// The facts of a project layer the app has loaded (raster size and bands, classes, polygons,
// series), or null while it is still loading or failed to load.
using LayerLookup = std::function<std::shared_ptr<const MapLayerData>(const QString &layerId)>;

// Checks a training set-up as it is being edited and says what is wrong with it, each problem
// next to its setting. Fast enough for every keystroke on the GUI thread: it reads no file, only
// the project and the layer facts already loaded; a layer not loaded yet is no problem (its checks
// wait until it is).
class SetupValidator
{
public:
    // `sections` is {"task", "model", "training", "outputs"} as TrainingSetup::toJson writes them
    // and the project file holds them; `project` gives the layers they refer to (and the label
    // layer's class field). Empty when the set-up can be trained.
    static QVector<SetupProblem> validate(const QJsonObject &sections, const Project &project,
                                          const LayerLookup &layers);

    // validate() without the layer facts, for a set-up about to train: throws a DataError naming
    // the project file and every problem, so that a wrong setting stops the run before any data is
    // read rather than after an epoch.
    static void require(const QJsonObject &sections, const Project &project);

    // The SetupProblem::field of a project-file key path: "task.labels" -> "task.labelLayer",
    // "training.earlyStopping.metric" -> "training.earlyStoppingMetric", "task.bands[2]" ->
    // "task.bands", "model.blocks[1].filters" -> "model.blocks".
    static QString fieldForKey(const QString &keyPath);
};

} // namespace deepterra
