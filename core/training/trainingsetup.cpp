#include "training/trainingsetup.h"

#include "common/dataerror.h"
#include "common/jsonfields.h"
#include "models/modelpresets.h"
#include "models/modelspecjson.h"
#include "project/project.h"
#include "training/trainingconfigjson.h"
#include "training/trainingdefaults.h"

#include <QDir>
#include <QFileInfo>

namespace deepterra {

namespace {

void requireLayer(const Project &project, const QString &id, const char *key,
                  std::initializer_list<LayerKind> kinds)
{
    if (id.isEmpty())
        return;
    const ProjectLayer *layer = project.layer(id);
    if (!layer)
        throw DataError(project.filePath,
                        QStringLiteral("task.%1 refers to layer \"%2\", which the project does not have")
                            .arg(QLatin1String(key), id));
    for (LayerKind kind : kinds)
        if (layer->kind == kind)
            return;
    QStringList names;
    for (LayerKind kind : kinds)
        names << layerKindName(kind);
    throw DataError(
        project.filePath,
        QStringLiteral("task.%1: layer \"%2\" is %3, expected %4")
            .arg(QLatin1String(key), id, layerKindName(layer->kind), names.join(QStringLiteral(" or "))));
}

// A key the file leaves out takes the task's default, the one `init` and the set-up forms write
// (TrainingDefaults), so that a hand-written file trains as the same set-up made in the app.
void applyTaskDefaults(const QJsonObject &sections, TrainingSetup &setup)
{
    const TrainingSetup defaults = TrainingDefaults::forTask(setup.task.kind);
    const QJsonObject task = sections.value(QStringLiteral("task")).toObject();
    const QJsonObject training = sections.value(QStringLiteral("training")).toObject();
    const bool normalizationGiven = task.contains(QStringLiteral("normalization"));
    if (!normalizationGiven)
        setup.task.series.normalization = defaults.task.series.normalization;
    if (!training.contains(QStringLiteral("loss"))) {
        setup.training.loss = defaults.training.loss;
        // Binary cross-entropy needs targets in 0..1: only the default scaling gives them.
        if (setup.task.kind == TaskKind::SeriesAutoencoder
            && setup.task.series.normalization != defaults.task.series.normalization)
            setup.training.loss = LossKind::Mse;
    }
    if (!training.value(QStringLiteral("earlyStopping")).toObject().contains(QStringLiteral("metric")))
        setup.training.earlyStoppingMetric = defaults.training.earlyStoppingMetric;
}

} // namespace

ModelSpec TrainingSetup::modelFromJson(const QJsonObject &json, const QString &filePath)
{
    const JsonFields fields(json, filePath, QStringLiteral("model"));
    const QString preset = fields.string(QStringLiteral("preset"), QString());
    if (preset.isEmpty())
        return ModelSpecJson::fromFields(fields);
    const auto spec = ModelPresets::find(preset);
    if (!spec)
        fields.fail(QStringLiteral("preset"),
                    QStringLiteral("\"%1\" is not a preset (available: %2)")
                        .arg(preset, ModelPresets::names().join(QStringLiteral(", "))));
    QJsonObject merged = ModelSpecJson::toJson(*spec);
    for (auto it = json.begin(); it != json.end(); ++it)
        if (it.key() != QLatin1String("preset"))
            merged.insert(it.key(), it.value());
    ModelSpec result = ModelSpecJson::fromFields(JsonFields(merged, filePath, QStringLiteral("model")));
    if (result.name().isEmpty())
        result.setName(preset);
    return result;
}

TrainingSetup TrainingSetup::fromJson(const QJsonObject &sections, const QString &filePath)
{
    const JsonFields root(sections, filePath, QString());
    for (const char *section : { "task", "model" })
        if (!sections.value(QLatin1String(section)).isObject())
            throw DataError(filePath,
                            QStringLiteral("the project has no \"%1\" section: nothing to train yet (see "
                                           "'deepterra-cli init --help')")
                                .arg(QLatin1String(section)));
    TrainingSetup setup;
    setup.task = TrainingConfigJson::taskFromFields(root.object(QStringLiteral("task")));
    setup.model = modelFromJson(sections.value(QStringLiteral("model")).toObject(), filePath);
    setup.training = TrainingConfigJson::trainingFromFields(root.object(QStringLiteral("training")));
    applyTaskDefaults(sections, setup);
    setup.runsFolder
        = root.object(QStringLiteral("outputs")).string(QStringLiteral("runs"), setup.runsFolder);
    return setup;
}

TrainingSetup TrainingSetup::fromProject(const Project &project)
{
    TrainingSetup setup = fromJson(project.sections, project.filePath);
    if (setup.task.isRasterTask()) {
        requireLayer(project, setup.task.raster.imageLayer, "image",
                     { LayerKind::Imagery, LayerKind::Dem, LayerKind::Cube });
        requireLayer(project, setup.task.raster.demLayer, "dem", { LayerKind::Dem });
        requireLayer(project, setup.task.raster.labelLayer, "labels",
                     { LayerKind::VectorLabels, LayerKind::ClassRaster });
    } else {
        requireLayer(project, setup.task.series.seriesLayer, "series", { LayerKind::Series });
    }
    return setup;
}

QString TrainingSetup::absoluteRunsFolder(const Project &project) const
{
    return QDir::isAbsolutePath(runsFolder) ? runsFolder
                                            : QFileInfo(project.filePath).absoluteDir().filePath(runsFolder);
}

QJsonObject TrainingSetup::toJson() const
{
    return { { QStringLiteral("task"), TrainingConfigJson::toJson(task) },
             { QStringLiteral("model"), ModelSpecJson::toJson(model) },
             { QStringLiteral("training"), TrainingConfigJson::toJson(training) },
             { QStringLiteral("outputs"), QJsonObject { { QStringLiteral("runs"), runsFolder } } } };
}

} // namespace deepterra
