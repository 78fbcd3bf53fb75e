#include "inference/trainedmodel.h"

#include "common/dataerror.h"
#include "models/modelspecjson.h"
#include "models/private/modelprivate.h"
#include "training/private/checkpointfile.h"
#include "training/runfolder.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace deepterra {

struct TrainedModel::Private
{
    QString runFolder;
    QJsonObject config;
    TrainingSetup setup;
    Normalizer normalizer;
    QStringList inputChannels;
    ClassTable classes;
    int patchSize = 0;
    RasterGrid grid;
    QStringList targetColumns;
    Normalizer targetNormalizer;
    std::unique_ptr<Model> model;
};

namespace {

RasterGrid gridFromJson(const QJsonObject &json)
{
    RasterGrid grid;
    if (json.isEmpty())
        return grid;
    grid.width = json.value(QStringLiteral("width")).toInt();
    grid.height = json.value(QStringLiteral("height")).toInt();
    const QJsonArray gt = json.value(QStringLiteral("geoTransform")).toArray();
    if (gt.size() == 6)
        grid.geoTransform = GeoTransform({ gt[0].toDouble(), gt[1].toDouble(), gt[2].toDouble(),
                                           gt[3].toDouble(), gt[4].toDouble(), gt[5].toDouble() });
    grid.crs = CrsInfo::fromUserInput(json.value(QStringLiteral("crs")).toString());
    return grid;
}

} // namespace

TrainedModel::TrainedModel(std::unique_ptr<Private> d)
    : d(std::move(d))
{ }

TrainedModel::TrainedModel(TrainedModel &&) noexcept = default;
TrainedModel &TrainedModel::operator=(TrainedModel &&) noexcept = default;
TrainedModel::~TrainedModel() = default;

TrainedModel TrainedModel::loadRun(const QString &runFolder, const QString &checkpoint)
{
    const RunFolder run(QFileInfo(runFolder).absoluteFilePath());
    auto d = std::make_unique<Private>();
    d->runFolder = run.path();
    d->config = run.readConfig();
    const QString configPath = run.filePath(QStringLiteral("config.json"));
    if (d->config.value(QStringLiteral("format")).toString() != QLatin1String("deepterra-run"))
        throw DataError(configPath, QStringLiteral("not a Deepterra run configuration"));
    d->setup = TrainingSetup::fromJson(d->config.value(QStringLiteral("setup")).toObject(), configPath);
    const ModelSpec spec = ModelSpecJson::fromJson(d->config.value(QStringLiteral("trainedModel")).toObject(),
                                                   configPath, QStringLiteral("trainedModel"));
    d->normalizer
        = Normalizer::fromJson(d->config.value(QStringLiteral("normalizer")).toObject(), configPath);
    for (const QJsonValue &v : d->config.value(QStringLiteral("inputChannels")).toArray())
        d->inputChannels << v.toString();
    d->classes = ClassTable::fromJson(d->config.value(QStringLiteral("classes")).toArray());
    d->patchSize = d->config.value(QStringLiteral("patchSize")).toInt();
    d->grid = gridFromJson(d->config.value(QStringLiteral("grid")).toObject());
    for (const QJsonValue &v : d->config.value(QStringLiteral("targetColumns")).toArray())
        d->targetColumns << v.toString();
    const QJsonObject targetNormalizer = d->config.value(QStringLiteral("targetNormalizer")).toObject();
    if (!targetNormalizer.isEmpty() && !targetNormalizer.value(QStringLiteral("offsets")).toArray().isEmpty())
        d->targetNormalizer = Normalizer::fromJson(targetNormalizer, configPath);

    d->model = std::make_unique<Model>(Model::create(spec));
    const QString weights = run.checkpointPath(checkpoint);
    CheckpointFile::load(weights, *d->model->privateData().network, nullptr, false);
    d->model->privateData().network->eval();
    return TrainedModel(std::move(d));
}

const QString &TrainedModel::runFolder() const
{
    return d->runFolder;
}
const QJsonObject &TrainedModel::config() const
{
    return d->config;
}
const TrainingSetup &TrainedModel::setup() const
{
    return d->setup;
}
const ModelSpec &TrainedModel::spec() const
{
    return d->model->spec();
}
const Normalizer &TrainedModel::normalizer() const
{
    return d->normalizer;
}
const QStringList &TrainedModel::inputChannels() const
{
    return d->inputChannels;
}
const ClassTable &TrainedModel::classes() const
{
    return d->classes;
}
int TrainedModel::patchSize() const
{
    return d->patchSize;
}
const RasterGrid &TrainedModel::trainingGrid() const
{
    return d->grid;
}
const QStringList &TrainedModel::targetColumns() const
{
    return d->targetColumns;
}
const Normalizer &TrainedModel::targetNormalizer() const
{
    return d->targetNormalizer;
}
bool TrainedModel::relativeTargets() const
{
    return task() == TaskKind::Forecasting && d->setup.task.series.relative;
}
Model &TrainedModel::model() const
{
    return *d->model;
}

} // namespace deepterra
