#include "export/private/onnxgraphbuilder.h"

#include "common/dataerror.h"

#include <QtEndian>

#include <cmath>

namespace deepterra {

namespace {

void setInt(onnx::NodeProto *node, const char *name, std::int64_t value)
{
    onnx::AttributeProto *a = node->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(value);
}

void setFloat(onnx::NodeProto *node, const char *name, float value)
{
    onnx::AttributeProto *a = node->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(value);
}

void setString(onnx::NodeProto *node, const char *name, const std::string &value)
{
    onnx::AttributeProto *a = node->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(value);
}

void setInts(onnx::NodeProto *node, const char *name, const std::vector<std::int64_t> &values)
{
    onnx::AttributeProto *a = node->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (std::int64_t v : values)
        a->add_ints(v);
}

// Little-endian bytes, as ONNX's raw_data holds them.
template<typename T> std::string rawData(const std::vector<T> &values)
{
    std::string raw(values.size() * sizeof(T), '\0');
    for (std::size_t i = 0; i < values.size(); ++i)
        qToLittleEndian(values[i], raw.data() + i * sizeof(T));
    return raw;
}

const char *valuePrefix(LayerOp op)
{
    switch (op) {
    case LayerOp::Activation:
        return "activation";
    case LayerOp::MaxPool2d:
        return "maxpool";
    case LayerOp::Upsample:
        return "upsample";
    case LayerOp::Concat:
        return "concat";
    case LayerOp::Add:
        return "add";
    case LayerOp::Flatten:
        return "flatten";
    case LayerOp::LastStep:
        return "last_step";
    case LayerOp::Reshape:
        return "reshape";
    default:
        return "node";
    }
}

} // namespace

OnnxGraphBuilder::OnnxGraphBuilder(const LayerGraph &graph, const std::vector<std::int64_t> &input,
                                   const WeightTable &weights, const QString &path, onnx::GraphProto *proto)
    : m_graph(graph)
    , m_weights(weights)
    , m_path(path)
    , m_proto(proto)
    , m_values(graph.nodes().size())
    , m_names { "input", "output" }
{
    try {
        m_shapes = graph.shapes(input);
        if (graph.fullyConvolutional()) {
            Shape doubled = input;
            doubled[2] *= 2;
            doubled[3] *= 2;
            m_doubled = graph.shapes(doubled);
        }
    } catch (const DataError &e) {
        throw DataError(m_path, e.cause());
    }
    m_values[0] = "input";
}

onnx::ModelProto OnnxGraphBuilder::build(const LayerGraph &graph, const std::vector<std::int64_t> &input,
                                         const WeightTable &weights, const QString &path,
                                         const QByteArray &cardJson)
{
    onnx::ModelProto model;
    model.set_ir_version(kIrVersion);
    model.set_producer_name("Deepterra");
    model.set_producer_version("1");
    model.set_doc_string(
        "Input: normalised bands, channels first (see the model card). Output: the network's "
        "raw output (class logits for classifiers).");
    onnx::OperatorSetIdProto *opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(kOpset);
    if (!cardJson.isEmpty()) {
        onnx::StringStringEntryProto *entry = model.add_metadata_props();
        entry->set_key("deepterra.card");
        entry->set_value(cardJson.toStdString());
    }

    onnx::GraphProto *proto = model.mutable_graph();
    proto->set_name("deepterra");
    OnnxGraphBuilder builder(graph, input, weights, path, proto);
    for (std::size_t i = 1; i < graph.nodes().size(); ++i)
        builder.addNode(int(i));
    if (builder.m_values[std::size_t(graph.output())] != "output")
        builder.node("Identity", { builder.m_values[std::size_t(graph.output())] }, "output");
    builder.declareValue(proto->add_input(), "input", 0);
    builder.declareValue(proto->add_output(), "output", graph.output());
    return model;
}

void OnnxGraphBuilder::addNode(int index)
{
    const LayerNode &n = m_graph.nodes()[std::size_t(index)];
    if (n.op == LayerOp::Dropout) {
        m_values[std::size_t(index)] = m_values[std::size_t(n.inputs[0])]; // evaluation: the identity
        return;
    }
    const std::string out = valueName(index);
    const std::string x = m_values[std::size_t(n.inputs.at(0))];
    const LayerWeights *w = n.weights >= 0 ? &m_graph.weights()[std::size_t(n.weights)] : nullptr;
    switch (n.op) {
    case LayerOp::Input:
    case LayerOp::Dropout:
        break;
    case LayerOp::Conv2d:
    case LayerOp::ConvTranspose2d:
        convolution(index, x, *w, out);
        break;
    case LayerOp::BatchNorm2d:
        // torch::nn::BatchNorm2d in evaluation mode: the running statistics, LibTorch's eps.
        setFloat(node("BatchNormalization",
                      { x, weight(*w, "weight"), weight(*w, "bias"), weight(*w, "running_mean"),
                        weight(*w, "running_var") },
                      out),
                 "epsilon", 1e-5f);
        break;
    case LayerOp::Dense:
        setInt(node("Gemm", { x, weight(*w, "weight"), weight(*w, "bias") }, out), "transB", 1);
        break;
    case LayerOp::Recurrent:
        recurrent(x, *w, out);
        break;
    case LayerOp::Activation:
        activation(x, n.activation, out);
        break;
    case LayerOp::MaxPool2d: {
        onnx::NodeProto *pool = node("MaxPool", { x }, out);
        setInts(pool, "kernel_shape", { n.window, n.window });
        setInts(pool, "strides", { n.window, n.window });
        break;
    }
    case LayerOp::Upsample:
        upsample(index, x, out);
        break;
    case LayerOp::Concat: {
        std::vector<std::string> inputs;
        for (int input : n.inputs)
            inputs.push_back(m_values[std::size_t(input)]);
        setInt(node("Concat", inputs, out), "axis", 1);
        break;
    }
    case LayerOp::Add:
        node("Add", { x, m_values[std::size_t(n.inputs.at(1))] }, out);
        break;
    case LayerOp::Flatten:
        setInt(node("Flatten", { x }, out), "axis", 1);
        break;
    case LayerOp::LastStep:
        setInt(node("Gather", { x, constant(std::vector<std::int64_t> { -1 }, {}) }, out), "axis", 1);
        break;
    case LayerOp::Reshape: {
        const Shape &target = m_shapes[std::size_t(index)];
        std::vector<std::int64_t> shape { -1 }; // the batch, whatever its size
        shape.insert(shape.end(), target.begin() + 1, target.end());
        node("Reshape", { x, constant(shape, { std::int64_t(shape.size()) }) }, out);
        break;
    }
    }
    m_values[std::size_t(index)] = out;
}

std::string OnnxGraphBuilder::convolution(int index, const std::string &x, const LayerWeights &w,
                                          const std::string &out)
{
    const bool transposed = m_graph.nodes()[std::size_t(index)].op == LayerOp::ConvTranspose2d;
    std::vector<std::string> inputs { x, weight(w, "weight") };
    if (w.bias)
        inputs.push_back(weight(w, "bias"));
    onnx::NodeProto *conv = node(transposed ? "ConvTranspose" : "Conv", inputs, out);
    setInts(conv, "kernel_shape", { w.kernel, w.kernel });
    setInts(conv, "strides", { w.stride, w.stride });
    if (!transposed)
        setInts(conv, "pads", { w.padding, w.padding, w.padding, w.padding });
    return out;
}

std::string OnnxGraphBuilder::activation(const std::string &x, Activation kind, const std::string &out)
{
    switch (kind) {
    case Activation::None:
        node("Identity", { x }, out);
        break;
    case Activation::ReLU:
        node("Relu", { x }, out);
        break;
    case Activation::LeakyReLU:
        setFloat(node("LeakyRelu", { x }, out), "alpha", 0.01f);
        break;
    case Activation::ELU:
        setFloat(node("Elu", { x }, out), "alpha", 1.0f);
        break;
    case Activation::Tanh:
        node("Tanh", { x }, out);
        break;
    case Activation::Sigmoid:
        node("Sigmoid", { x }, out);
        break;
    case Activation::GELU: {
        // Opset 13 has no Gelu: LibTorch's exact form, x * 0.5 * (1 + erf(x / sqrt(2))).
        const std::string scaled = out + "/scaled", erf = out + "/erf", shifted = out + "/shifted",
                          product = out + "/product";
        node("Mul", { x, constant(std::vector<float> { float(0.70710678118654752440) }, { 1 }) }, scaled);
        node("Erf", { scaled }, erf);
        node("Add", { erf, constant(std::vector<float> { 1.0f }, { 1 }) }, shifted);
        node("Mul", { x, shifted }, product);
        node("Mul", { product, constant(std::vector<float> { 0.5f }, { 1 }) }, out);
        break;
    }
    }
    return out;
}

// LibTorch's interpolate to the skip's size (align_corners false) is a Resize by the size ratio:
// bilinear without corner alignment is half_pixel, nearest is asymmetric + floor.
std::string OnnxGraphBuilder::upsample(int index, const std::string &x, const std::string &out)
{
    const LayerNode &n = m_graph.nodes()[std::size_t(index)];
    std::vector<float> scales { 1.0f, 1.0f };
    for (std::size_t d = 2; d < 4; ++d) {
        const float scale
            = float(m_shapes[std::size_t(index)][d]) / float(m_shapes[std::size_t(n.inputs[0])][d]);
        // ONNX sizes the output as floor(input * scale): the factor must give the skip's size for
        // every input the network takes (here, the one given and, where free, twice its size).
        for (const std::vector<Shape> *shapes : { &m_shapes, &m_doubled }) {
            if (shapes->empty())
                continue;
            const std::int64_t from = (*shapes)[std::size_t(n.inputs[0])][d],
                               to = (*shapes)[std::size_t(index)][d];
            if (std::int64_t(std::floor(double(from) * double(scale))) != to)
                throw DataError(m_path,
                                QStringLiteral("cannot be written as ONNX: the upsampling \"%1\" does not "
                                               "scale by a fixed factor")
                                    .arg(QString::fromStdString(out)));
        }
        scales.push_back(scale);
    }
    onnx::NodeProto *resize = node("Resize", { x, "", constant(scales, { 4 }) }, out);
    if (n.upsampling == Upsampling::Bilinear) {
        setString(resize, "mode", "linear");
        setString(resize, "coordinate_transformation_mode", "half_pixel");
    } else {
        setString(resize, "mode", "nearest");
        setString(resize, "coordinate_transformation_mode", "asymmetric");
        setString(resize, "nearest_mode", "floor");
    }
    return out;
}

// ONNX's LSTM and GRU (opset 13) take sequences time first and return [time, directions, batch,
// hidden]: the batch-first sequence is transposed around a chain of one-layer cells. Their
// initial state defaults to zeros, as LibTorch's does.
std::string OnnxGraphBuilder::recurrent(const std::string &x, const LayerWeights &w, const std::string &out)
{
    const bool lstm = w.cell == RecurrentCell::Lstm;
    std::string sequence = out + "/time_major";
    setInts(node("Transpose", { x }, sequence), "perm", { 1, 0, 2 });
    const std::string directionAxis = constant(std::vector<std::int64_t> { 1 }, { 1 });
    for (int layer = 0; layer < w.layers; ++layer) {
        const std::string cellOut = out + "/layer" + std::to_string(layer);
        onnx::NodeProto *cell = node(lstm ? "LSTM" : "GRU",
                                     { sequence, recurrentWeights(w, "W", layer),
                                       recurrentWeights(w, "R", layer), recurrentWeights(w, "B", layer) },
                                     cellOut);
        setInt(cell, "hidden_size", w.out);
        if (!lstm)
            setInt(cell, "linear_before_reset", 1); // LibTorch applies the reset gate after R_h
        sequence = cellOut + "/steps";
        node("Squeeze", { cellOut, directionAxis }, sequence);
    }
    setInts(node("Transpose", { sequence }, out), "perm", { 1, 0, 2 });
    return out;
}

// LibTorch stacks the gates i, f, g, o (LSTM) and r, z, n (GRU); ONNX i, o, f, c and z, r, h.
// `kind`: "W" (input weights), "R" (recurrent weights) or "B" (both biases, input's first).
std::string OnnxGraphBuilder::recurrentWeights(const LayerWeights &w, const std::string &kind, int layer)
{
    const bool lstm = w.cell == RecurrentCell::Lstm;
    const std::vector<int> order = lstm ? std::vector<int> { 0, 3, 1, 2 } : std::vector<int> { 1, 0, 2 };
    const std::int64_t hidden = w.out, gates = std::int64_t(order.size());
    const std::string suffix = "_l" + std::to_string(layer);
    const auto reordered = [&](const std::string &tensor, std::vector<float> *to) {
        const std::vector<float> &from = weightValues(w, tensor + suffix);
        const std::size_t block = from.size() / std::size_t(gates);
        for (int gate : order)
            to->insert(to->end(), from.begin() + std::ptrdiff_t(gate * block),
                       from.begin() + std::ptrdiff_t((gate + 1) * block));
    };
    std::vector<float> values;
    Shape dims;
    if (kind == "B") {
        reordered("bias_ih", &values);
        reordered("bias_hh", &values);
        dims = { 1, 2 * gates * hidden };
    } else {
        reordered(kind == "W" ? "weight_ih" : "weight_hh", &values);
        dims = { 1, gates * hidden, kind == "W" && layer == 0 ? std::int64_t(w.in) : hidden };
    }
    const std::string name = w.path + "." + kind + suffix;
    initializer(name, dims, onnx::TensorProto::FLOAT)->set_raw_data(rawData(values));
    return name;
}

onnx::NodeProto *OnnxGraphBuilder::node(const std::string &opType, const std::vector<std::string> &inputs,
                                        const std::string &out)
{
    onnx::NodeProto *n = m_proto->add_node();
    n->set_op_type(opType);
    n->set_name(out);
    for (const std::string &input : inputs)
        n->add_input(input);
    n->add_output(out);
    return n;
}

// Values are named after the layer they come from ("down1.conv1", "activation_7"); the graph's
// output is "output".
std::string OnnxGraphBuilder::valueName(int index)
{
    if (index == m_graph.output())
        return "output";
    const LayerNode &n = m_graph.nodes()[std::size_t(index)];
    std::string name = n.weights >= 0 ? m_graph.weights()[std::size_t(n.weights)].path
                                      : std::string(valuePrefix(n.op)) + "_" + std::to_string(index);
    if (!m_names.insert(name).second) { // a layer run twice, or named "input" or "output"
        name += "_" + std::to_string(index);
        m_names.insert(name);
    }
    return name;
}

const std::vector<float> &OnnxGraphBuilder::weightValues(const LayerWeights &w,
                                                         const std::string &tensor) const
{
    const std::string name = w.path + "." + tensor;
    const auto it = m_weights.find(name);
    if (it == m_weights.end())
        throw DataError(m_path,
                        QStringLiteral("the network has no weight \"%1\"").arg(QString::fromStdString(name)));
    for (const WeightTensorShape &declared : w.tensors())
        if (declared.name == tensor && declared.shape != it->second.shape)
            throw DataError(m_path,
                            QStringLiteral("the weight \"%1\" has %2 values where the layer declares %3")
                                .arg(QString::fromStdString(name), ModelSummary::shapeText(it->second.shape),
                                     ModelSummary::shapeText(declared.shape)));
    return it->second.values;
}

std::string OnnxGraphBuilder::weight(const LayerWeights &w, const std::string &tensor)
{
    const std::string name = w.path + "." + tensor;
    if (m_names.count(name))
        return name;
    const std::vector<float> &values = weightValues(w, tensor);
    m_names.insert(name);
    initializer(name, m_weights.at(name).shape, onnx::TensorProto::FLOAT)->set_raw_data(rawData(values));
    return name;
}

std::string OnnxGraphBuilder::constant(const std::vector<float> &values, const Shape &dims)
{
    const std::string name = "constant_" + std::to_string(++m_constants);
    initializer(name, dims, onnx::TensorProto::FLOAT)->set_raw_data(rawData(values));
    return name;
}

std::string OnnxGraphBuilder::constant(const std::vector<std::int64_t> &values, const Shape &dims)
{
    const std::string name = "constant_" + std::to_string(++m_constants);
    initializer(name, dims, onnx::TensorProto::INT64)->set_raw_data(rawData(values));
    return name;
}

onnx::TensorProto *OnnxGraphBuilder::initializer(const std::string &name, const Shape &dims, int dataType)
{
    onnx::TensorProto *tensor = m_proto->add_initializer();
    tensor->set_name(name);
    tensor->set_data_type(dataType);
    for (std::int64_t d : dims)
        tensor->add_dims(d);
    return tensor;
}

// Float tensors with a batch "N"; where the network is fully convolutional, the sizes that follow
// the input's height and width are "H" and "W".
void OnnxGraphBuilder::declareValue(onnx::ValueInfoProto *info, const std::string &name, int node) const
{
    info->set_name(name);
    onnx::TypeProto_Tensor *tensor = info->mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto::FLOAT);
    onnx::TensorShapeProto *shape = tensor->mutable_shape();
    const Shape &sizes = m_shapes[std::size_t(node)];
    for (std::size_t d = 0; d < sizes.size(); ++d) {
        onnx::TensorShapeProto_Dimension *dim = shape->add_dim();
        if (d == 0) {
            dim->set_dim_param("N");
        } else if (m_doubled.empty() || m_doubled[std::size_t(node)][d] == sizes[d]) {
            dim->set_dim_value(sizes[d]);
        } else if ((d == 2 || d == 3) && sizes[d] == m_shapes[0][d]
                   && m_doubled[std::size_t(node)][d] == m_doubled[0][d]) {
            dim->set_dim_param(d == 2 ? "H" : "W");
        } // else unknown: a size that depends on the input's otherwise
    }
}

} // namespace deepterra
