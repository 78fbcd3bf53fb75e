#include "cli/initcommand.h"

#include "common/dataerror.h"
#include "geodata/netcdfsubdataset.h"
#include "inspect/fileinspector.h"
#include "models/modelpresets.h"
#include "models/modelspecjson.h"
#include "project/projectfile.h"
#include "series/netcdfcube.h"
#include "series/seriesorigin.h"
#include "training/setupvalidator.h"
#include "training/trainingconfigjson.h"
#include "training/trainingdefaults.h"
#include "training/trainingsetup.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QTextStream>

#include <optional>
#include <vector>

namespace deepterra::cli {

namespace {

struct Option
{
    const char *name;
    const char *description;
    const char *valueName; // nullptr: a flag
};

// Every flag and what it sets, in the order --help lists them.
const Option kOptions[] = {
    { "task", "segmentation, patch-classification, forecasting, raster-autoencoder or series-autoencoder.",
      "TASK" },
    { "name", "Project name (default: the file's base name).", "TEXT" },
    { "image",
      "Raster tasks: the image (any GDAL raster), or a NetCDF variable as GDAL names it "
      "(NETCDF:\"sst.nc\":sst; its time steps are the bands) or as a file with --variable.",
      "FILE" },
    { "bands", "Raster tasks: 1-based bands to use, e.g. 1,2,3,4 (default: all).", "LIST" },
    { "band-names", "Raster tasks: names of the image bands, e.g. blue,green,red,nir.", "LIST" },
    { "dem", "Raster tasks: a DEM whose derivatives become extra input channels.", "FILE" },
    { "dem-channels",
      "elevation, hillshade, slope, aspect, roughness, tri, tpi (default with --dem: elevation,slope).",
      "LIST" },
    { "labels", "Classification tasks: vector polygons (Shapefile, GeoPackage, GeoJSON) or a class raster.",
      "FILE" },
    { "label-field", "Vector labels: the attribute holding the class (default: class).", "FIELD" },
    { "label-layer", "Vector labels: the layer (default: the first).", "NAME" },
    { "series",
      "Series tasks: a CSV file (long form or YEAR x month table), or a NetCDF file with --variable and "
      "--at or --box.",
      "FILE" },
    { "variable", "NetCDF --image or --series: the variable.", "NAME" },
    { "at", "NetCDF --series: the series of the cell holding this point, in degrees.", "LON,LAT" },
    { "box", "NetCDF --series: the mean over the cells whose centres lie in this box, in degrees.",
      "WEST,SOUTH,EAST,NORTH" },
    { "target", "Series tasks: the column(s) to forecast (default: the first value column).", "LIST" },
    { "inputs", "Series tasks: the columns fed to the model (default: the targets).", "LIST" },
    { "lookback", "Series tasks: input window length in time steps (default 24).", "N" },
    { "horizon", "Series tasks: steps to forecast (default 1).", "N" },
    { "model", "A model preset (see 'deepterra-cli model --help'); default: one that fits the task.",
      "PRESET" },
    { "model-spec", "A model spec JSON file instead of a preset.", "FILE" },
    { "patch", "Raster tasks: patch size in pixels (default 64).", "N" },
    { "stride", "Raster tasks: patch stride in pixels (default: half the patch).", "N" },
    { "split", "random, spatial-blocks (raster default) or chronological (series default).", "METHOD" },
    { "validation", "Share of the examples used for validation (default 0.2).", "FRACTION" },
    { "test",
      "Share of the examples held out as a test split (default 0: none): never seen by training or "
      "early stopping, evaluated once with the best epoch's weights. Series: the last period; rasters: "
      "whole blocks.",
      "FRACTION" },
    { "epochs", "Training epochs (default 20).", "N" },
    { "batch", "Batch size (default 16).", "N" },
    { "optimizer", "sgd, adam, adamw or rmsprop (default adam).", "NAME" },
    { "lr", "Learning rate (default 0.001).", "RATE" },
    { "schedule", "constant, step, cosine or one-cycle (default constant).", "NAME" },
    { "loss", "cross-entropy, dice, focal, mse, mae, huber or bce (default: fits the task).", "NAME" },
    { "class-weighted", "Weight the classification loss by inverse class frequency.", nullptr },
    { "monitor",
      "The validation metric that picks the best epoch and drives early stopping: val_loss, "
      "val_mean_iou, val_accuracy, val_rmse, ... (default: mean IoU for segmentation, accuracy for "
      "patch classification, RMSE for forecasting, the loss for autoencoders).",
      "METRIC" },
    { "patience", "Early stopping: epochs without improvement of the monitored metric (default: off).", "N" },
    { "seed", "Random seed (default 42).", "N" },
    { "device", "auto, cpu, cuda or cuda:N (default auto).", "D" },
    { "force", "Overwrite an existing project file.", nullptr },
};

QJsonArray intList(const QString &text, bool *ok)
{
    QJsonArray values;
    *ok = true;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool partOk = false;
        const int v = part.trimmed().toInt(&partOk);
        *ok = *ok && partOk;
        values.append(v);
    }
    return values;
}

// --image or --series naming a NetCDF variable: NETCDF:"file.nc":variable, or the file with
// --variable. Empty for any other file.
std::optional<NetCdfSubdataset> netCdfInput(const QString &input, const QString &variable)
{
    if (std::optional<NetCdfSubdataset> named = NetCdfSubdataset::parse(input)) {
        if (!variable.isEmpty() && variable != named->variable)
            throw DataError(
                input,
                QStringLiteral("names variable %1, but --variable says %2").arg(named->variable, variable));
        return named;
    }
    if (!variable.isEmpty())
        return NetCdfSubdataset { input, variable };
    if (QFileInfo(input).isFile() && FileInspector::detectKind(input) == FileInspector::Kind::NetCdf) {
        QStringList names;
        for (const NetCdfVariable &v : NetCdfCube::listVariables(input))
            if (v.isGridded())
                names << v.name;
        throw DataError(
            input,
            QStringLiteral("is a NetCDF file: name the variable with --variable (gridded "
                           "variables: %1)")
                .arg(names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))));
    }
    return std::nullopt;
}

// The variable, read from the file now so that an unknown one is refused before the project is
// written.
NetCdfVariable requireVariable(const NetCdfSubdataset &input)
{
    if (!QFileInfo(input.path).isFile())
        throw DataError(input.path, QStringLiteral("file not found"));
    const std::vector<NetCdfVariable> variables = NetCdfCube::listVariables(input.path);
    QStringList names;
    for (const NetCdfVariable &v : variables) {
        if (v.name == input.variable) {
            if (!v.isGridded())
                throw DataError(input.path,
                                QStringLiteral("variable %1 has the dimensions (%2), not a grid")
                                    .arg(v.name, v.dimensions.join(QStringLiteral(", "))));
            return v;
        }
        if (v.isGridded())
            names << v.name;
    }
    throw DataError(input.path,
                    QStringLiteral("no variable named %1 (gridded variables: %2)")
                        .arg(input.variable, names.join(QStringLiteral(", "))));
}

std::optional<std::vector<double>> numberList(const QString &text, int count)
{
    std::vector<double> values;
    for (const QString &part : text.split(QLatin1Char(','))) {
        bool ok = false;
        values.push_back(part.trimmed().toDouble(&ok));
        if (!ok)
            return std::nullopt;
    }
    if (int(values.size()) != count)
        return std::nullopt;
    return values;
}

QJsonArray stringList(const QString &text)
{
    QJsonArray values;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        values.append(part.trimmed());
    return values;
}

} // namespace

int InitCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Creates a Deepterra project from data files and training settings; 'deepterra-cli train PROJECT' "
        "then "
        "trains it. Examples:\n"
        "  deepterra-cli init olinda.deepterra --task segmentation --image L7_ETMs.tif --labels areas.gpkg "
        "--label-field landcover --patch 32 --epochs 15\n"
        "  deepterra-cli init co2.deepterra --task forecasting --series co2.csv --target co2 --lookback 52 "
        "--horizon 4\n"
        "  deepterra-cli init tas.deepterra --task forecasting --series bcsd.nc --variable tas --at "
        "-80.5,35.5 "
        "--lookback 24\n"
        "  deepterra-cli init sst.deepterra --task raster-autoencoder --image 'NETCDF:\"sst.nc\":sst' "
        "--patch 16"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("project"),
                                 QStringLiteral("The project file to write (.deepterra)."));
    std::vector<QCommandLineOption> options;
    for (const Option &o : kOptions) {
        options.emplace_back(QString::fromLatin1(o.name), QString::fromLatin1(o.description),
                             o.valueName ? QString::fromLatin1(o.valueName) : QString());
        parser.addOption(options.back());
    }
    parser.process(arguments);
    const auto value = [&](const char *name) { return parser.value(QString::fromLatin1(name)); };
    const auto isSet = [&](const char *name) { return parser.isSet(QString::fromLatin1(name)); };

    QTextStream err(stderr);
    const auto usage = [&](const QString &message) {
        err << "deepterra-cli init: " << message << "\n";
        return 2;
    };
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("expected the project file to write"));
    const QString path = parser.positionalArguments().constFirst();
    if (QFileInfo::exists(path) && !isSet("force"))
        return usage(QStringLiteral("%1 exists; use --force to overwrite it").arg(path));
    const QString task = value("task");
    const QStringList rasterTasks { QStringLiteral("segmentation"), QStringLiteral("patch-classification"),
                                    QStringLiteral("raster-autoencoder") };
    const QStringList seriesTasks { QStringLiteral("forecasting"), QStringLiteral("series-autoencoder") };
    if (!rasterTasks.contains(task) && !seriesTasks.contains(task))
        return usage(QStringLiteral("--task must be one of %1")
                         .arg((rasterTasks + seriesTasks).join(QStringLiteral(", "))));
    const bool raster = rasterTasks.contains(task);
    const TaskKind kind = TaskKind(TaskConfig::kindNames().indexOf(task));
    const TrainingSetup defaults = TrainingDefaults::forTask(kind);
    const QJsonObject taskDefaults = TrainingConfigJson::toJson(defaults.task);
    const QJsonObject trainingDefaults = TrainingConfigJson::toJson(defaults.training);
    const auto splitDefault = [&] {
        return taskDefaults.value(QStringLiteral("split"))
            .toObject()
            .value(QStringLiteral("method"))
            .toString();
    };

    try {
        Project project;
        project.name = isSet("name") ? value("name") : QFileInfo(path).completeBaseName();
        const auto addLayer
            = [&](const QString &id, LayerKind kind, const QString &file, QJsonObject properties = {}) {
                  if (!QFileInfo::exists(file))
                      throw DataError(file, QStringLiteral("file not found"));
                  ProjectLayer layer;
                  layer.id = id;
                  layer.name = QFileInfo(file).completeBaseName();
                  layer.kind = kind;
                  layer.path = QFileInfo(file).absoluteFilePath();
                  layer.properties = std::move(properties);
                  project.layers.push_back(layer);
              };

        QJsonObject taskJson { { QStringLiteral("type"), task } };
        QJsonObject split;
        if (raster) {
            if (!isSet("image"))
                return usage(QStringLiteral("a %1 task needs --image").arg(task));
            QJsonObject imageProperties;
            if (isSet("band-names"))
                imageProperties.insert(QStringLiteral("bandNames"), stringList(value("band-names")));
            if (const auto netCdf = netCdfInput(value("image"), value("variable"))) {
                // A variable with a time axis is a cube (the app draws its time steps); any
                // other grid is an image like a GeoTIFF.
                const NetCdfVariable variable = requireVariable(*netCdf);
                imageProperties.insert(QStringLiteral("variable"), variable.name);
                addLayer(QStringLiteral("image"), variable.hasTimeAxis ? LayerKind::Cube : LayerKind::Imagery,
                         netCdf->path, imageProperties);
            } else {
                addLayer(QStringLiteral("image"), LayerKind::Imagery, value("image"), imageProperties);
            }
            taskJson.insert(QStringLiteral("image"), QStringLiteral("image"));
            if (isSet("bands")) {
                bool ok = false;
                const QJsonArray bands = intList(value("bands"), &ok);
                if (!ok)
                    return usage(QStringLiteral("--bands takes numbers like 1,2,3"));
                taskJson.insert(QStringLiteral("bands"), bands);
            }
            if (isSet("dem")) {
                addLayer(QStringLiteral("dem"), LayerKind::Dem, value("dem"));
                taskJson.insert(QStringLiteral("dem"), QStringLiteral("dem"));
                taskJson.insert(QStringLiteral("demChannels"),
                                stringList(isSet("dem-channels") ? value("dem-channels")
                                                                 : QStringLiteral("elevation,slope")));
            }
            if (task != QLatin1String("raster-autoencoder")) {
                if (!isSet("labels"))
                    return usage(QStringLiteral("a %1 task needs --labels").arg(task));
                const QString labels = value("labels");
                const bool vector = FileInspector::detectKind(labels) == FileInspector::Kind::Vector;
                QJsonObject labelProperties;
                if (vector) {
                    labelProperties.insert(QStringLiteral("classField"),
                                           isSet("label-field") ? value("label-field")
                                                                : QStringLiteral("class"));
                    if (isSet("label-layer"))
                        labelProperties.insert(QStringLiteral("layer"), value("label-layer"));
                }
                addLayer(QStringLiteral("labels"), vector ? LayerKind::VectorLabels : LayerKind::ClassRaster,
                         labels, labelProperties);
                taskJson.insert(QStringLiteral("labels"), QStringLiteral("labels"));
            }
            const int patch = isSet("patch") ? value("patch").toInt() : defaults.task.raster.patchSize;
            taskJson.insert(QStringLiteral("patchSize"), patch);
            taskJson.insert(QStringLiteral("stride"),
                            isSet("stride") ? value("stride").toInt() : std::max(1, patch / 2));
            split.insert(QStringLiteral("method"), isSet("split") ? value("split") : splitDefault());
        } else {
            if (!isSet("series"))
                return usage(QStringLiteral("a %1 task needs --series").arg(task));
            // NETCDF:"f.nc":v?lon=..&lat=.. says everything; NETCDF:"f.nc":v or f.nc with
            // --variable take the place from --at or --box.
            const QString seriesArgument = value("series");
            const bool placed = seriesArgument.startsWith(QLatin1String("NETCDF:"), Qt::CaseInsensitive)
                && seriesArgument.contains(QLatin1Char('?'));
            SeriesOrigin source = SeriesOrigin::parse(placed ? seriesArgument : QString());
            if (const auto netCdf = placed ? std::nullopt : netCdfInput(seriesArgument, value("variable"))) {
                requireVariable(*netCdf);
                if (isSet("at") == isSet("box"))
                    return usage(QStringLiteral("a NetCDF series needs --at LON,LAT or --box "
                                                "WEST,SOUTH,EAST,NORTH"));
                const auto numbers = numberList(value(isSet("at") ? "at" : "box"), isSet("at") ? 2 : 4);
                if (!numbers)
                    return usage(isSet("at")
                                     ? QStringLiteral("--at takes two numbers: LON,LAT")
                                     : QStringLiteral("--box takes four numbers: WEST,SOUTH,EAST,NORTH"));
                const std::vector<double> &n = *numbers;
                if (isSet("box") && !(n[0] < n[2] && n[1] < n[3]))
                    return usage(QStringLiteral("--box: west must lie below east and south below north"));
                source = isSet("at")
                    ? SeriesOrigin::netCdfAtPoint(netCdf->path, netCdf->variable, { n[0], n[1] })
                    : SeriesOrigin::netCdfMeanOver(netCdf->path, netCdf->variable,
                                                   QRectF(QPointF(n[0], n[1]), QPointF(n[2], n[3])));
            } else if (placed) {
                requireVariable({ source.filePath(), source.variable() });
            } else {
                source = SeriesOrigin::parse(seriesArgument);
            }
            addLayer(QStringLiteral("series"), LayerKind::Series, source.filePath(),
                     source.layerProperties());
            // Read now, so that an empty or unreadable series, a point off the grid, or a target
            // it lacks, is refused here and not after the project was written.
            const TimeSeries series = source.read();
            if (isSet("target"))
                for (const QJsonValue &target : stringList(value("target")))
                    if (!series.columnNames().contains(target.toString()))
                        throw DataError(
                            source.toString(),
                            QStringLiteral("no column \"%1\" (the columns are: %2)")
                                .arg(target.toString(), series.columnNames().join(QStringLiteral(", "))));
            taskJson.insert(QStringLiteral("series"), QStringLiteral("series"));
            if (isSet("target"))
                taskJson.insert(QStringLiteral("targets"), stringList(value("target")));
            if (isSet("inputs"))
                taskJson.insert(QStringLiteral("inputs"), stringList(value("inputs")));
            taskJson.insert(QStringLiteral("lookback"),
                            isSet("lookback") ? value("lookback").toInt() : defaults.task.series.lookback);
            taskJson.insert(QStringLiteral("horizon"),
                            isSet("horizon") ? value("horizon").toInt() : defaults.task.series.horizon);
            split.insert(QStringLiteral("method"), isSet("split") ? value("split") : splitDefault());
            if (defaults.task.series.normalization != SeriesTaskConfig().normalization)
                taskJson.insert(QStringLiteral("normalization"),
                                taskDefaults.value(QStringLiteral("normalization")));
        }
        if (isSet("validation"))
            split.insert(QStringLiteral("validationFraction"), value("validation").toDouble());
        if (isSet("test"))
            split.insert(QStringLiteral("testFraction"), value("test").toDouble());
        taskJson.insert(QStringLiteral("split"), split);

        QJsonObject model;
        if (isSet("model-spec")) {
            model = ModelSpecJson::toJson(ModelSpecJson::load(value("model-spec")));
        } else {
            const QString preset = isSet("model") ? value("model") : TrainingDefaults::defaultPreset(kind);
            if (!ModelPresets::find(preset))
                return usage(QStringLiteral("unknown model preset \"%1\" (available: %2)")
                                 .arg(preset, ModelPresets::names().join(QStringLiteral(", "))));
            model.insert(QStringLiteral("preset"), preset);
        }

        // The defaults, as the project file spells them.
        const auto orDefault = [&](const char *option, const char *key) -> QJsonValue {
            return isSet(option) ? QJsonValue(value(option)) : trainingDefaults.value(QLatin1String(key));
        };
        QJsonObject training { { QStringLiteral("epochs"),
                                 isSet("epochs") ? value("epochs").toInt() : defaults.training.epochs },
                               { QStringLiteral("batchSize"),
                                 isSet("batch") ? value("batch").toInt() : defaults.training.batchSize },
                               { QStringLiteral("optimizer"), orDefault("optimizer", "optimizer") },
                               { QStringLiteral("learningRate"),
                                 isSet("lr") ? value("lr").toDouble() : defaults.training.learningRate },
                               { QStringLiteral("schedule"), orDefault("schedule", "schedule") },
                               { QStringLiteral("loss"),
                                 isSet("loss") ? value("loss") : TrainingDefaults::defaultLoss(kind) },
                               { QStringLiteral("classWeighted"), isSet("class-weighted") },
                               { QStringLiteral("seed"),
                                 isSet("seed") ? value("seed").toDouble() : double(defaults.training.seed) },
                               { QStringLiteral("device"), orDefault("device", "device") } };
        training.insert(
            QStringLiteral("earlyStopping"),
            QJsonObject {
                { QStringLiteral("metric"),
                  isSet("monitor") ? value("monitor") : defaults.training.earlyStoppingMetric },
                { QStringLiteral("patience"), isSet("patience") ? value("patience").toInt() : 0 } });
        project.sections.insert(QStringLiteral("task"), taskJson);
        project.sections.insert(QStringLiteral("model"), model);
        project.sections.insert(QStringLiteral("training"), training);
        project.sections.insert(QStringLiteral("outputs"),
                                QJsonObject { { QStringLiteral("runs"), QStringLiteral("runs") } });

        // Validate everything the way 'train' will read it, before writing anything.
        project.filePath = QFileInfo(path).absoluteFilePath();
        TrainingSetup::fromProject(project);
        SetupValidator::require(project.sections, project);
        ProjectFile::save(project, path);
        QTextStream(stdout) << "Wrote " << path << " (" << task << ", " << project.layers.size()
                            << " layer(s)); train it with: "
                            << "deepterra-cli train " << path << "\n";
        return 0;
    } catch (const DataError &e) {
        err << "deepterra-cli: " << e.message() << "\n";
        return 1;
    }
}

} // namespace deepterra::cli
