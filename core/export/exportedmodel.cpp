#include "export/exportedmodel.h"

#include "common/dataerror.h"
#include "export/private/exportedmodelprivate.h"
#include "models/graph/torchscriptsource.h"
#include "models/private/modelprivate.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStringList>

#include <map>

namespace deepterra {

namespace {

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

QString shapeText(const torch::IntArrayRef &sizes)
{
    QStringList dims;
    for (std::int64_t d : sizes)
        dims << QString::number(d);
    return dims.isEmpty() ? QStringLiteral("a scalar") : dims.join(QLatin1Char('x'));
}

// Why the network of `metadata` cannot be the module (an empty string when it can): the module
// holds the run's weights under the exporter's attribute names, so the card's network must have
// the same tensors with the same shapes.
QString networkMismatch(const RunMetadata &metadata, const torch::jit::Module &module)
{
    const Model model = Model::createForWeights(metadata.spec());
    const NetworkImpl &network = *model.privateData().network;
    std::map<std::string, torch::Tensor> expected;
    for (const auto &item : network.named_parameters())
        expected[TorchScriptSource::attributeName(item.key())] = item.value();
    for (const auto &item : network.named_buffers())
        expected[TorchScriptSource::attributeName(item.key())] = item.value();
    std::map<std::string, torch::Tensor> actual;
    for (const auto &item : module.named_parameters(false))
        actual[item.name] = item.value;
    for (const auto &item : module.named_buffers(false))
        actual[item.name] = item.value;

    for (const auto &[name, tensor] : expected) {
        const auto found = actual.find(name);
        if (found == actual.end())
            return QStringLiteral("its network has weights \"%1\" that the module lacks")
                .arg(QString::fromStdString(name));
        if (found->second.sizes() != tensor.sizes())
            return QStringLiteral("its network's \"%1\" is %2, the module's %3")
                .arg(QString::fromStdString(name), shapeText(tensor.sizes()),
                     shapeText(found->second.sizes()));
    }
    if (actual.size() != expected.size())
        return QStringLiteral("its network has %1 weight tensors, the module %2")
            .arg(expected.size())
            .arg(actual.size());
    return {};
}

// The parts of a run's configuration that decide a model's outputs and how they are read.
QStringList differingSettings(const QJsonObject &card, const QJsonObject &embedded)
{
    const QJsonObject a = card.value(QStringLiteral("runConfig")).toObject();
    const QJsonObject b = embedded.value(QStringLiteral("runConfig")).toObject();
    QStringList differing;
    for (const char *key : { "trainedModel", "setup", "inputChannels", "normalizer", "classes", "patchSize",
                             "targetColumns", "targetNormalizer" }) {
        const QString name = QLatin1String(key);
        if (a.value(name) != b.value(name))
            differing << name;
    }
    return differing;
}

} // namespace

ExportedModel::ExportedModel(std::unique_ptr<Private> d)
    : d(std::move(d))
{ }

ExportedModel::ExportedModel(ExportedModel &&) noexcept = default;
ExportedModel &ExportedModel::operator=(ExportedModel &&) noexcept = default;
ExportedModel::~ExportedModel() = default;

QStringList ExportedModel::sourceFiles() const
{
    return d->cardPath.isEmpty() ? QStringList { d->modelPath } : QStringList { d->modelPath, d->cardPath };
}

ExportedModel ExportedModel::load(const QString &modelPath, const QString &cardPath)
{
    auto d = std::make_unique<Private>();
    d->modelPath = QFileInfo(modelPath).absoluteFilePath();
    if (!cardPath.isEmpty())
        d->cardPath = QFileInfo(cardPath).absoluteFilePath();
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

    const QByteArray embedded = QByteArray::fromStdString(extra["card.json"]);
    const QString cardSource = cardPath.isEmpty() ? modelPath : cardPath;
    if (cardPath.isEmpty()) {
        if (embedded.isEmpty())
            throw DataError(modelPath, QStringLiteral("holds no model card; give the card file"));
        d->card = parseCard(embedded, modelPath);
    } else {
        QFile file(cardPath);
        if (!file.open(QIODevice::ReadOnly))
            throw DataError(cardPath,
                            QStringLiteral("cannot be read (%1)").arg(file.errorString().toLower()));
        d->card = parseCard(file.readAll(), cardPath);
    }
    d->metadata = RunMetadata::fromConfig(d->card.value(QStringLiteral("runConfig")).toObject(), cardSource);

    // A card of another model would give wrong maps silently. Its network must be the module's, and
    // where the module carries its own card, both must come from the same run settings (a network of
    // the same shape trained on other data has other normalisation and classes).
    const QString fileName = QFileInfo(modelPath).fileName();
    QString mismatch;
    try {
        mismatch = networkMismatch(d->metadata, d->module);
    } catch (const DataError &e) {
        throw DataError(cardSource, e.cause()); // a spec the engine cannot build
    }
    if (!mismatch.isEmpty())
        throw DataError(cardSource,
                        QStringLiteral("describes another model than %1: %2").arg(fileName, mismatch));
    if (!cardPath.isEmpty() && !embedded.isEmpty()) {
        const QStringList differing = differingSettings(d->card, parseCard(embedded, modelPath));
        if (!differing.isEmpty())
            throw DataError(cardPath,
                            QStringLiteral("describes another model than %1: its settings differ from "
                                           "those of the card inside the model (%2)")
                                .arg(fileName, differing.join(QStringLiteral(", "))));
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

const RunMetadata &ExportedModel::metadata() const
{
    return d->metadata;
}

InferenceNetwork &ExportedModel::network() const
{
    return *d;
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
