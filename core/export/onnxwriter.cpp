#include "export/onnxwriter.h"

#include "common/atomicfile.h"
#include "common/dataerror.h"
#include "export/private/onnxgraphbuilder.h"

#include <onnx/checker.h>
#include <onnx/shape_inference/implementation.h>

namespace deepterra {

void OnnxWriter::write(const LayerGraph &graph, const std::vector<std::int64_t> &input,
                       const WeightTable &weights, const QString &path, const QByteArray &cardJson)
{
    onnx::ModelProto model = OnnxGraphBuilder::build(graph, input, weights, path, cardJson);
    AtomicFile::write(path, serialize(model, path));
}

QByteArray OnnxWriter::serialize(onnx::ModelProto &model, const QString &path)
{
    try {
        onnx::checker::check_model(model);
        // What onnx.checker.check_model(full_check=True) adds: type checks, node errors thrown.
        onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                           onnx::ShapeInferenceOptions(true, 1, false));
    } catch (const std::exception &e) {
        throw DataError(path,
                        QStringLiteral("the ONNX checker rejects the model: %1")
                            .arg(QString::fromUtf8(e.what()).simplified()));
    }
    std::string bytes;
    if (!model.SerializeToString(&bytes))
        throw DataError(path, QStringLiteral("cannot be written: the model is too large for ONNX (2 GiB)"));
    return QByteArray::fromStdString(bytes);
}

} // namespace deepterra
