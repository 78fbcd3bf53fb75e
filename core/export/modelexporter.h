#pragma once

#include "export/exportweights.h"
#include "models/model.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace deepterra {

class TrainedModel;

enum class ExportFormat { TorchScript, Onnx, Card };

// Writes a trained network in formats other tools read. Both model formats take the network's own
// input (normalised bands, channels first) and return its raw output (class logits for
// classifiers, reconstructions, normalised forecasts); the model card says how to get there from
// raw band values and back. Every writer replaces the file atomically and throws DataError naming
// the file when it cannot be written or the model cannot be expressed in the format.
class ModelExporter
{
public:
    // A `.pt` archive that torch.jit.load (Python) and torch::jit::load (C++) read; `cardJson`,
    // when given, travels inside as the extra file "card.json".
    static void writeTorchScript(const Model &model, const QString &path, const QByteArray &cardJson = {});
    // ONNX, opset 13, every family (OnnxWriter).
    static void writeOnnx(const Model &model, const QString &path, const QByteArray &cardJson = {});
    static void writeCard(const TrainedModel &model, const QString &path);
    static void exportRun(const TrainedModel &model, ExportFormat format, const QString &path);

    static WeightTable weights(const Model &model);
    static QStringList formatNames(); // "torchscript", "onnx", "card"
    static bool formatFromName(const QString &name, ExportFormat *format);
};

} // namespace deepterra
