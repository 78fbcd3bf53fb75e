#pragma once

#include "export/exportweights.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <vector>

namespace onnx {
class ModelProto;
}

namespace deepterra {

class LayerGraph;

// Writes a network's layer graph as an ONNX model (IR 7, opset 13) through libonnx: graph input
// "input" (N, C, H, W) of normalised bands, or (N, size) for a dense autoencoder, output "output":
// what the engine's network returns; batch norm stays a BatchNormalization node with the running
// statistics. The model passes ONNX's checker and strict shape inference before it is written.
class OnnxWriter
{
public:
    // Replaces `path` atomically. `input`: an input shape the network takes (batch first), for the
    // sizes the graph fixes. Throws DataError naming `path` when a weight is missing or misshapen,
    // the checker rejects the model or the file cannot be written.
    static void write(const LayerGraph &graph, const std::vector<std::int64_t> &input,
                      const WeightTable &weights, const QString &path, const QByteArray &cardJson = {});
    // Checks `model` (ONNX's checker, then shape inference with type checks and errors on every
    // node, which adds the inferred shapes) and serialises it; a model the checker rejects is a
    // DataError naming `path` with the checker's message.
    static QByteArray serialize(onnx::ModelProto &model, const QString &path);
};

} // namespace deepterra
