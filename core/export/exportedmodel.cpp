#include "export/exportedmodel.h"

#include "common/dataerror.h"
#include "export/private/exportedmodelprivate.h"
#include "models/modelspecjson.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace deepterra {

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

QJsonObject parseCard(const QByteArray &bytes, const QString &path)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        throw DataError(path, QStringLiteral("is not valid JSON (%1)").arg(error.errorString()));
    const QJsonObject card = document.object();
    if (card.value(QStringLiteral("format")).toString() != QLatin1String("deepterra-model-card")
        || !card.value(QStringLiteral("runConfig")).isObject())
        throw DataError(path, QStringLiteral("is not a Deepterra model card"));
    return card;
}

} // namespace

ExportedModel::ExportedModel(std::unique_ptr<Private> d)
    : d(std::move(d))
{ }

ExportedModel::ExportedModel(ExportedModel &&) noexcept = default;
ExportedModel &ExportedModel::operator=(ExportedModel &&) noexcept = default;
ExportedModel::~ExportedModel() = default;

ExportedModel ExportedModel::load(const QString &modelPath, const QString &cardPath)
{
    auto d = std::make_unique<Private>();
    d->modelPath = QFileInfo(modelPath).absoluteFilePath();
    if (!QFileInfo(modelPath).isFile())
        throw DataError(modelPath, QStringLiteral("does not exist"));
    torch::jit::ExtraFilesMap extra { { "card.json", "" } };
    try {
        d->module = torch::jit::load(modelPath.toStdString(), torch::kCPU, extra);
    } catch (const std::exception &e) {
        throw DataError(modelPath,
                        QStringLiteral("is not a TorchScript model (%1)")
                            .arg(QString::fromUtf8(e.what()).section(QLatin1Char('\n'), 0, 0)));
    }
    d->module.eval();

    QString cardSource = cardPath;
    if (cardPath.isEmpty()) {
        if (extra["card.json"].empty())
            throw DataError(modelPath, QStringLiteral("holds no model card; give the card file"));
        d->card = parseCard(QByteArray::fromStdString(extra["card.json"]), modelPath);
        cardSource = modelPath;
    } else {
        QFile file(cardPath);
        if (!file.open(QIODevice::ReadOnly))
            throw DataError(cardPath,
                            QStringLiteral("cannot be read (%1)").arg(file.errorString().toLower()));
        d->card = parseCard(file.readAll(), cardPath);
    }

    d->config = d->card.value(QStringLiteral("runConfig")).toObject();
    d->setup = TrainingSetup::fromJson(d->config.value(QStringLiteral("setup")).toObject(), cardSource);
    d->spec = ModelSpecJson::fromJson(d->config.value(QStringLiteral("trainedModel")).toObject(), cardSource,
                                      QStringLiteral("trainedModel"));
    d->normalizer
        = Normalizer::fromJson(d->config.value(QStringLiteral("normalizer")).toObject(), cardSource);
    for (const QJsonValue &v : d->config.value(QStringLiteral("inputChannels")).toArray())
        d->inputChannels << v.toString();
    d->classes = ClassTable::fromJson(d->config.value(QStringLiteral("classes")).toArray());
    d->patchSize = d->config.value(QStringLiteral("patchSize")).toInt();
    d->grid = gridFromJson(d->config.value(QStringLiteral("grid")).toObject());
    for (const QJsonValue &v : d->config.value(QStringLiteral("targetColumns")).toArray())
        d->targetColumns << v.toString();
    const QJsonObject targetNormalizer = d->config.value(QStringLiteral("targetNormalizer")).toObject();
    if (!targetNormalizer.isEmpty() && !targetNormalizer.value(QStringLiteral("offsets")).toArray().isEmpty())
        d->targetNormalizer = Normalizer::fromJson(targetNormalizer, cardSource);

    // A card of another model would give wrong maps silently: the module must have the card's
    // network (same family: same forward method source).
    if (!cardPath.isEmpty() && !extra["card.json"].empty()) {
        const QJsonObject embedded
            = QJsonDocument::fromJson(QByteArray::fromStdString(extra["card.json"])).object();
        if (embedded.value(QStringLiteral("model")) != d->card.value(QStringLiteral("model")))
            throw DataError(
                cardPath,
                QStringLiteral("describes another model than %1").arg(QFileInfo(modelPath).fileName()));
    }
    return ExportedModel(std::move(d));
}

const QString &ExportedModel::modelPath() const
{
    return d->modelPath;
}
const QJsonObject &ExportedModel::card() const
{
    return d->card;
}
const QJsonObject &ExportedModel::config() const
{
    return d->config;
}
const TrainingSetup &ExportedModel::setup() const
{
    return d->setup;
}
const ModelSpec &ExportedModel::spec() const
{
    return d->spec;
}
const Normalizer &ExportedModel::normalizer() const
{
    return d->normalizer;
}
const QStringList &ExportedModel::inputChannels() const
{
    return d->inputChannels;
}
const ClassTable &ExportedModel::classes() const
{
    return d->classes;
}
int ExportedModel::patchSize() const
{
    return d->patchSize;
}
const RasterGrid &ExportedModel::trainingGrid() const
{
    return d->grid;
}
const QStringList &ExportedModel::targetColumns() const
{
    return d->targetColumns;
}
const Normalizer &ExportedModel::targetNormalizer() const
{
    return d->targetNormalizer;
}
bool ExportedModel::relativeTargets() const
{
    return task() == TaskKind::Forecasting && d->setup.task.series.relative;
}

std::vector<float> ExportedModel::forward(const std::vector<float> &input,
                                          const std::vector<std::int64_t> &shape,
                                          std::vector<std::int64_t> *outputShape) const
{
    const torch::Tensor x = torch::from_blob(const_cast<float *>(input.data()), shape, torch::kFloat).clone();
    const torch::Tensor y = d->forward(x).contiguous().to(torch::kFloat);
    if (outputShape)
        outputShape->assign(y.sizes().begin(), y.sizes().end());
    return std::vector<float>(y.data_ptr<float>(), y.data_ptr<float>() + y.numel());
}

} // namespace deepterra
