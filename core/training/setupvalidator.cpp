#include "training/setupvalidator.h"

#include "distributed/processgroup.h"

#include "common/dataerror.h"
#include "models/modelpresets.h"
#include "project/project.h"
#include "render/maplayerdata.h"
#include "runtime/onednncheck.h"
#include "runtime/torchruntime.h"
#include "training/serieswindows.h"
#include "training/setupsectionsreader.h"
#include "training/trainingconfigjson.h"
#include "training/trainingdefaults.h"
#include "training/trainingsetup.h"

#include <algorithm>
#include <initializer_list>
#include <optional>

namespace deepterra {

namespace {

class Problems
{
public:
    void add(const QString &field, const QString &message)
    {
        if (!has(field))
            list.append(SetupProblem { field, message });
    }
    bool has(const QString &field) const
    {
        for (const SetupProblem &p : list)
            if (p.field == field)
                return true;
        return false;
    }
    QVector<SetupProblem> list;
};

QString layerWords(LayerKind kind)
{
    switch (kind) {
    case LayerKind::Imagery:
        return QStringLiteral("an image");
    case LayerKind::Dem:
        return QStringLiteral("a DEM");
    case LayerKind::ClassRaster:
        return QStringLiteral("a class raster");
    case LayerKind::VectorLabels:
        return QStringLiteral("a vector label layer");
    case LayerKind::Series:
        return QStringLiteral("a series table");
    case LayerKind::Cube:
        return QStringLiteral("a NetCDF cube");
    case LayerKind::Prediction:
        return QStringLiteral("a prediction");
    }
    return layerKindName(kind);
}

QString layerTitle(const ProjectLayer &layer)
{
    return QStringLiteral("\"%1\"").arg(layer.name.isEmpty() ? layer.id : layer.name);
}

// The project layer `id` when it exists and is of one of `kinds`; a problem otherwise. An empty
// id is a problem only when `chooseMessage` says what to choose.
const ProjectLayer *checkLayer(const Project &project, const QString &id, const QString &field,
                               const QString &role, std::initializer_list<LayerKind> kinds,
                               const QString &chooseMessage, Problems &problems)
{
    if (id.isEmpty()) {
        if (!chooseMessage.isEmpty())
            problems.add(field, chooseMessage);
        return nullptr;
    }
    const ProjectLayer *layer = project.layer(id);
    if (!layer) {
        problems.add(field,
                     QStringLiteral("The %1 layer \"%2\" is not in the project (was it removed?): choose "
                                    "another")
                         .arg(role, id));
        return nullptr;
    }
    QStringList expected;
    for (LayerKind kind : kinds) {
        if (layer->kind == kind)
            return layer;
        expected << layerWords(kind);
    }
    problems.add(
        field,
        QStringLiteral("%1 is %2; the %3 must be %4")
            .arg(layerTitle(*layer), layerWords(layer->kind), role, expected.join(QStringLiteral(" or "))));
    return nullptr;
}

std::shared_ptr<const MapLayerData> factsOf(const LayerLookup &layers, const ProjectLayer *layer)
{
    return layer && layers ? layers(layer->id) : nullptr;
}

void checkLabels(const TrainingSetup &setup, const Project &project, const LayerLookup &layers,
                 Problems &problems)
{
    const TaskKind kind = setup.task.kind;
    const ProjectLayer *labels
        = checkLayer(project, setup.task.raster.labelLayer, QStringLiteral("task.labelLayer"),
                     QStringLiteral("label"), { LayerKind::VectorLabels, LayerKind::ClassRaster },
                     SetupSectionsReader::layerChoice(QStringLiteral("task.labelLayer"), kind), problems);
    if (!labels)
        return;
    const auto facts = factsOf(layers, labels);
    if (labels->kind == LayerKind::VectorLabels) {
        const QString field = labels->properties.value(QStringLiteral("classField")).toString();
        if (field.isEmpty()) {
            problems.add(
                QStringLiteral("task.classField"),
                QStringLiteral("Choose the attribute of %1 that holds the classes").arg(layerTitle(*labels)));
            return;
        }
        if (!facts)
            return;
        const QStringList &fields = facts->polygons.fields;
        if (!fields.isEmpty() && !fields.contains(field)) {
            problems.add(QStringLiteral("task.classField"),
                         QStringLiteral("%1 has no attribute \"%2\": choose one of %3")
                             .arg(layerTitle(*labels), field, fields.join(QStringLiteral(", "))));
            return;
        }
        // Classes loaded for another field say nothing about this one.
        if (facts->polygons.classField != field)
            return;
    }
    if (facts && facts->classes.size() < 2) {
        const QString field = labels->kind == LayerKind::VectorLabels ? QStringLiteral("task.classField")
                                                                      : QStringLiteral("task.labelLayer");
        problems.add(
            field,
            QStringLiteral("%1 holds %2: a classifier needs at least two classes")
                .arg(layerTitle(*labels),
                     facts->classes.isEmpty()
                         ? QStringLiteral("no class")
                         : QStringLiteral("a single class (%1)").arg(facts->classes.entries.front().name)));
    }
}

void checkRaster(const TrainingSetup &setup, const Project &project, const LayerLookup &layers,
                 Problems &problems)
{
    const RasterTaskConfig &r = setup.task.raster;
    if (r.stride > r.patchSize)
        problems.add(QStringLiteral("task.stride"),
                     QStringLiteral("The stride (%1 px) is larger than the patch (%2 px): the pixels between "
                                    "patches would never be seen; use at most the patch size")
                         .arg(r.stride)
                         .arg(r.patchSize));
    const ProjectLayer *image = checkLayer(
        project, r.imageLayer, QStringLiteral("task.imageLayer"), QStringLiteral("image"),
        { LayerKind::Imagery, LayerKind::Dem, LayerKind::Cube },
        SetupSectionsReader::layerChoice(QStringLiteral("task.imageLayer"), setup.task.kind), problems);
    if (const auto facts = factsOf(layers, image); facts && facts->isRaster) {
        const int width = facts->raster.width;
        const int height = facts->raster.height;
        if (r.patchSize > width || r.patchSize > height)
            problems.add(QStringLiteral("task.patchSize"),
                         QStringLiteral("The patch of %1 px is larger than the image (%2 x %3 px of %4): use "
                                        "at most %5 px")
                             .arg(r.patchSize)
                             .arg(width)
                             .arg(height)
                             .arg(layerTitle(*image))
                             .arg(std::min(width, height)));
        for (int band : r.bands)
            if (band > facts->raster.bandCount()) {
                problems.add(QStringLiteral("task.bands"),
                             QStringLiteral("Band %1 does not exist: %2 has %3 band(s)")
                                 .arg(band)
                                 .arg(layerTitle(*image))
                                 .arg(facts->raster.bandCount()));
                break;
            }
    }
    checkLayer(project, r.demLayer, QStringLiteral("task.demLayer"), QStringLiteral("DEM"),
               { LayerKind::Dem }, QString(), problems);
    if (setup.task.kind != TaskKind::RasterAutoencoder)
        checkLabels(setup, project, layers, problems);
}

void checkColumns(const QStringList &wanted, const QStringList &columns, const ProjectLayer &layer,
                  const QString &field, const QString &role, Problems &problems)
{
    for (const QString &column : wanted)
        if (!columns.contains(column)) {
            problems.add(field,
                         QStringLiteral("The %1 column \"%2\" is not in %3: choose from %4")
                             .arg(role, column, layerTitle(layer), columns.join(QStringLiteral(", "))));
            return;
        }
}

void checkSeries(const TrainingSetup &setup, const Project &project, const LayerLookup &layers,
                 Problems &problems)
{
    const SeriesTaskConfig &s = setup.task.series;
    const TaskKind kind = setup.task.kind;
    const ProjectLayer *layer
        = checkLayer(project, s.seriesLayer, QStringLiteral("task.seriesLayer"), QStringLiteral("series"),
                     { LayerKind::Series },
                     SetupSectionsReader::layerChoice(QStringLiteral("task.seriesLayer"), kind), problems);
    const auto facts = factsOf(layers, layer);
    if (!facts || facts->series.columns.empty())
        return;
    const QStringList columns = facts->series.columnNames();
    checkColumns(s.targets, columns, *layer, QStringLiteral("task.targets"), QStringLiteral("target"),
                 problems);
    checkColumns(s.inputs, columns, *layer, QStringLiteral("task.inputs"), QStringLiteral("input"), problems);

    const bool reconstruct = kind == TaskKind::SeriesAutoencoder;
    const int span = SeriesWindows(s.lookback, s.horizon, reconstruct).span();
    const int rows = facts->series.rowCount();
    const QString window = reconstruct
        ? QStringLiteral("lookback %1").arg(s.lookback)
        : QStringLiteral("lookback %1 + horizon %2").arg(s.lookback).arg(s.horizon);
    if (rows < span)
        problems.add(QStringLiteral("task.lookback"),
                     QStringLiteral("%1 needs %2 time steps; the series %3 has %4: shorten the window")
                         .arg(SetupSectionsReader::capitalised(window))
                         .arg(span)
                         .arg(layerTitle(*layer))
                         .arg(rows));
    else if (rows - span + 1 < 2)
        problems.add(QStringLiteral("task.lookback"),
                     QStringLiteral("%1 fits the %2 time steps of %3 only once: training and validation "
                                    "need a window each; shorten the window")
                         .arg(SetupSectionsReader::capitalised(window))
                         .arg(rows)
                         .arg(layerTitle(*layer)));
}

void checkModel(const TrainingSetup &setup, Problems &problems)
{
    const TaskKind kind = setup.task.kind;
    const QList<ModelKind> fitting = TrainingDefaults::modelKindsFor(kind);
    if (!fitting.contains(setup.model.kind())) {
        QStringList presets;
        for (const QString &name : ModelPresets::names())
            if (const auto spec = ModelPresets::find(name); spec && fitting.contains(spec->kind()))
                presets << name;
        problems.add(QStringLiteral("model.preset"),
                     QStringLiteral("%1 needs another kind of network than %2 (a %3): choose %4")
                         .arg(SetupSectionsReader::capitalised(SetupSectionsReader::taskWords(kind)),
                              setup.model.name().isEmpty() ? QStringLiteral("this model")
                                                           : QStringLiteral("\"%1\"").arg(setup.model.name()),
                              ModelSpec::kindName(setup.model.kind()), presets.join(QStringLiteral(" or "))));
        return;
    }
    if (const int depth = setup.model.segmenterDepth(); depth > 0) {
        const int multiple = 1 << depth;
        if (setup.task.raster.patchSize % multiple != 0)
            problems.add(QStringLiteral("task.patchSize"),
                         QStringLiteral("A %1 of depth %2 halves the patch %2 times: the patch size must be "
                                        "a multiple of %3 (got %4)")
                             .arg(setup.model.kind() == ModelKind::UNet ? QStringLiteral("U-Net")
                                                                        : QStringLiteral("ResUNet"))
                             .arg(depth)
                             .arg(multiple)
                             .arg(setup.task.raster.patchSize));
    }
}

void checkTraining(const TrainingSetup &setup, Problems &problems)
{
    const TaskKind kind = setup.task.kind;
    const TrainingConfig &t = setup.training;
    if (t.learningRate > 1.0)
        problems.add(QStringLiteral("training.learningRate"),
                     QStringLiteral("The learning rate must lie above 0 and at most 1 (0.001 suits Adam; got "
                                    "%1)")
                         .arg(t.learningRate));
    const QString loss = TrainingConfigJson::toJson(t).value(QStringLiteral("loss")).toString();
    const QStringList losses = TrainingDefaults::lossesFor(kind);
    if (!losses.contains(loss))
        problems.add(QStringLiteral("training.loss"),
                     QStringLiteral("The %1 loss does not fit %2, which learns %3: choose %4")
                         .arg(loss, SetupSectionsReader::taskWords(kind),
                              losses.contains(QLatin1String("dice")) ? QStringLiteral("classes")
                                                                     : QStringLiteral("values"),
                              losses.join(QStringLiteral(", "))));
    const QStringList metrics = TrainingDefaults::metricsFor(kind);
    const QString metric
        = t.earlyStoppingMetric.isEmpty() ? QStringLiteral("val_loss") : t.earlyStoppingMetric;
    if (!metrics.contains(metric) && metric != QLatin1String("train_loss"))
        problems.add(
            QStringLiteral("training.earlyStoppingMetric"),
            QStringLiteral("\"%1\" is not measured for %2: choose %3")
                .arg(metric, SetupSectionsReader::taskWords(kind), metrics.join(QStringLiteral(", "))));
    if (t.processes > 1 && !ProcessGroup::isAvailable())
        problems.add(
            QStringLiteral("training.processes"),
            QStringLiteral("This build of Deepterra cannot train over several processes (it was built "
                           "without Gloo, libgloo-dev): train in one"));
    else if (t.processes > 1 && t.batchSize < 2 * t.processes)
        problems.add(
            QStringLiteral("training.processes"),
            QStringLiteral("A batch of %1 gives each of %2 processes fewer than two examples: raise the "
                           "batch size to at least %3 or train in fewer processes")
                .arg(t.batchSize)
                .arg(t.processes)
                .arg(2 * t.processes));
    try {
        const QString device = TorchRuntime::resolveDevice(t.device);
        if (t.precision == PrecisionKind::Float16 && !device.startsWith(QLatin1String("cuda")))
            problems.add(QStringLiteral("training.precision"),
                         QStringLiteral("Mixed float16 needs a CUDA GPU, and this set-up trains on the "
                                        "CPU: choose mixed bfloat16 or full float32"));
        else if (t.precision == PrecisionKind::BFloat16 && !device.startsWith(QLatin1String("cuda"))
                 && !OneDnnCheck::bfloat16Problem().isEmpty())
            problems.add(QStringLiteral("training.precision"),
                         SetupSectionsReader::capitalised(OneDnnCheck::bfloat16Problem()));
    } catch (const DataError &e) {
        const bool cuda = t.device.trimmed().startsWith(QLatin1String("cuda"), Qt::CaseInsensitive);
        problems.add(QStringLiteral("training.device"),
                     cuda && !TorchRuntime::cudaAvailable()
                         ? QStringLiteral("No CUDA GPU can be used here (this LibTorch build has no CUDA "
                                          "support, or no GPU is visible): train on the CPU")
                         : SetupSectionsReader::capitalised(e.cause()));
    }
}

std::optional<TaskKind> taskKindOf(const QJsonObject &sections)
{
    const QString type
        = sections.value(QStringLiteral("task")).toObject().value(QStringLiteral("type")).toString();
    const QStringList names = TaskConfig::kindNames();
    for (int i = 0; i < names.size(); ++i)
        if (names[i].compare(type, Qt::CaseInsensitive) == 0)
            return TaskKind(i);
    return std::nullopt;
}

} // namespace

QVector<SetupProblem> SetupValidator::validate(const QJsonObject &sections, const Project &project,
                                               const LayerLookup &layers)
{
    Problems problems;
    const std::optional<TaskKind> kind = taskKindOf(sections);
    if (!kind) {
        problems.add(QStringLiteral("task.type"),
                     QStringLiteral("Choose a task: segmentation, patch classification, raster autoencoder, "
                                    "forecasting or series autoencoder"));
        return problems.list;
    }
    const std::optional<TrainingSetup> read
        = SetupSectionsReader::read(sections, project.filePath, *kind, problems.list);
    if (!read)
        return problems.list;
    const TrainingSetup &setup = *read;
    if (setup.task.isRasterTask())
        checkRaster(setup, project, layers, problems);
    else
        checkSeries(setup, project, layers, problems);
    checkModel(setup, problems);
    checkTraining(setup, problems);
    return problems.list;
}

void SetupValidator::require(const QJsonObject &sections, const Project &project)
{
    const QVector<SetupProblem> problems = validate(sections, project, LayerLookup());
    if (problems.isEmpty())
        return;
    QStringList lines;
    for (const SetupProblem &problem : problems)
        lines << QStringLiteral("%1: %2").arg(problem.field, problem.message);
    throw DataError(
        project.filePath,
        QStringLiteral("the training set-up cannot run: %1").arg(lines.join(QStringLiteral("; "))));
}

QString SetupValidator::fieldForKey(const QString &keyPath)
{
    return SetupSectionsReader::fieldForKey(keyPath);
}
} // namespace deepterra
