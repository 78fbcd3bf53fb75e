#include "export/modelexporter.h"

#include "common/atomicfile.h"
#include "common/dataerror.h"
#include "export/modelcard.h"
#include "export/onnxwriter.h"
#include "inference/trainedmodel.h"
#include "models/private/modelprivate.h"
#include "models/private/scriptmodule.h"

#include <torch/script.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

#include <sstream>

namespace deepterra {

namespace {

void writeAtomically(const QString &path, const QByteArray &bytes)
{
    AtomicFile::write(path, bytes);
}

} // namespace

void ModelExporter::writeTorchScript(const Model &model, const QString &path, const QByteArray &cardJson)
{
    torch::jit::Module module;
    try {
        module = ScriptModule::build(model.spec(), ScriptModule::attributesOf(*model.privateData().network));
    } catch (const std::exception &e) {
        // A bug, not bad input: the generated source must always compile.
        throw DataError(path,
                        QStringLiteral("the TorchScript of this model does not compile: %1")
                            .arg(QString::fromUtf8(e.what()).section(QLatin1Char('\n'), 0, 0)));
    }

    // Serialised in memory, then written in one step: LibTorch's file writer throws from its
    // destructor when a write fails (a full disk), which ends the process.
    const QFileInfo info(path);
    if (!info.absoluteDir().exists())
        throw DataError(path, QStringLiteral("cannot be written (the folder does not exist)"));
    torch::jit::ExtraFilesMap extra;
    if (!cardJson.isEmpty())
        extra["card.json"] = cardJson.toStdString();
    std::ostringstream archive;
    try {
        module.save(archive, extra);
    } catch (const std::exception &e) {
        throw DataError(path,
                        QStringLiteral("cannot be written: %1")
                            .arg(QString::fromUtf8(e.what()).section(QLatin1Char('\n'), 0, 0)));
    }
    AtomicFile::write(path, QByteArray::fromStdString(archive.str()));
}

WeightTable ModelExporter::weights(const Model &model)
{
    NetworkImpl &network = *model.privateData().network;
    WeightTable table;
    torch::NoGradGuard noGrad;
    auto add = [&table](const std::string &name, const torch::Tensor &tensor) {
        const torch::Tensor t = tensor.detach().to(torch::kCPU, torch::kFloat).contiguous();
        WeightTensor w;
        w.shape.assign(t.sizes().begin(), t.sizes().end());
        w.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
        table[name] = std::move(w);
    };
    for (const auto &item : network.named_parameters())
        add(item.key(), item.value());
    for (const auto &item : network.named_buffers())
        add(item.key(), item.value());
    return table;
}

void ModelExporter::writeOnnx(const Model &model, const QString &path, const QByteArray &cardJson)
{
    OnnxWriter::write(model.privateData().network->graph(), model.defaultInputShape(), weights(model), path,
                      cardJson);
}

void ModelExporter::writeCard(const TrainedModel &model, const QString &path)
{
    writeAtomically(path, QJsonDocument(ModelCard::build(model)).toJson(QJsonDocument::Indented));
}

void ModelExporter::exportRun(const TrainedModel &model, ExportFormat format, const QString &path)
{
    switch (format) {
    case ExportFormat::TorchScript:
        writeTorchScript(model.model(), path,
                         QJsonDocument(ModelCard::build(model)).toJson(QJsonDocument::Compact));
        return;
    case ExportFormat::Onnx:
        writeOnnx(model.model(), path, QJsonDocument(ModelCard::build(model)).toJson(QJsonDocument::Compact));
        return;
    case ExportFormat::Card:
        writeCard(model, path);
        return;
    }
}

QStringList ModelExporter::formatNames()
{
    return { QStringLiteral("torchscript"), QStringLiteral("onnx"), QStringLiteral("card") };
}

bool ModelExporter::formatFromName(const QString &name, ExportFormat *format)
{
    const int index = formatNames().indexOf(name.toLower());
    if (index < 0)
        return false;
    *format = ExportFormat(index);
    return true;
}

} // namespace deepterra
