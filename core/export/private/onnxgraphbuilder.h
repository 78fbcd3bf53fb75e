#pragma once

#include "export/exportweights.h"
#include "models/graph/layergraph.h"

#include <onnx/onnx_pb.h>

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace deepterra {

// The ONNX back end of the layer graph: one ONNX model (IR 7, opset 13) whose operators compute
// what the training module computes in evaluation mode. Graph input "input" (the network's input,
// batch first, batch "N"; height "H" and width "W" free for fully convolutional networks), output
// "output"; the parameters are initializers under their checkpoint names ("down1.conv1.weight").
// Throws DataError naming `path` for a weight the table lacks or holds in another shape.
class OnnxGraphBuilder
{
public:
    static constexpr int kIrVersion = 7;
    static constexpr int kOpset = 13;

    // `input`: an input shape the network accepts (batch first); sizes the graph fixes (patch
    // size, sequence length) are read from it, as are upsampling factors.
    static onnx::ModelProto build(const LayerGraph &graph, const std::vector<std::int64_t> &input,
                                  const WeightTable &weights, const QString &path,
                                  const QByteArray &cardJson = {});

private:
    using Shape = std::vector<std::int64_t>;

    OnnxGraphBuilder(const LayerGraph &graph, const std::vector<std::int64_t> &input,
                     const WeightTable &weights, const QString &path, onnx::GraphProto *proto);

    void addNode(int index);
    std::string convolution(int index, const std::string &x, const LayerWeights &w, const std::string &out);
    std::string activation(const std::string &x, Activation kind, const std::string &out);
    std::string upsample(int index, const std::string &x, const std::string &out);
    std::string recurrent(const std::string &x, const LayerWeights &w, const std::string &out);
    std::string recurrentWeights(const LayerWeights &w, const std::string &kind, int layer);

    onnx::NodeProto *node(const std::string &opType, const std::vector<std::string> &inputs,
                          const std::string &out);
    std::string valueName(int index);
    std::string weight(const LayerWeights &w, const std::string &tensor);
    std::string constant(const std::vector<float> &values, const Shape &dims);
    std::string constant(const std::vector<std::int64_t> &values, const Shape &dims);
    onnx::TensorProto *initializer(const std::string &name, const Shape &dims, int dataType);
    const std::vector<float> &weightValues(const LayerWeights &w, const std::string &tensor) const;
    void declareValue(onnx::ValueInfoProto *info, const std::string &name, int node) const;

    const LayerGraph &m_graph;
    const WeightTable &m_weights;
    QString m_path;
    onnx::GraphProto *m_proto;
    // Every node's output shape for the given input and, for a fully convolutional network, for
    // one of twice its height and width: a size that differs between the two follows the input's.
    std::vector<Shape> m_shapes;
    std::vector<Shape> m_doubled;
    std::vector<std::string> m_values; // the ONNX value each node's output is
    std::set<std::string> m_names;
    int m_constants = 0;
};

} // namespace deepterra
