#pragma once

#include "export/exportweights.h"
#include "models/modelspec.h"

#include <QByteArray>
#include <QString>

namespace deepterra {

// Serialises a network as an ONNX model (IR 7, opset 13) from its spec and weights, writing the
// protobuf wire format directly. Graph input "input" (N, C, H, W) of normalised bands, or (N, size)
// for a dense autoencoder; output "output": what the engine's network returns. Batch norm stays a
// BatchNormalization node with the running statistics. Throws DataError naming `path` for what
// opset 13 cannot express here (recurrent forecasters, GELU).
class OnnxWriter
{
public:
    static QByteArray serialize(const ModelSpec &spec, const WeightTable &weights, const QString &path,
                                const QByteArray &cardJson = {});
};

} // namespace deepterra
