#include "export/onnxwriter.h"

#include "common/dataerror.h"
#include "export/protobufwriter.h"

#include <QtEndian>

#include <set>

namespace deepterra {

namespace {

// Field numbers and enums of onnx/onnx.proto (proto2).
namespace field {
constexpr int modelIrVersion = 1, modelProducerName = 2, modelProducerVersion = 3, modelDocString = 6,
              modelGraph = 7, modelOpsetImport = 8, modelMetadataProps = 14;
constexpr int opsetDomain = 1, opsetVersion = 2;
constexpr int entryKey = 1, entryValue = 2;
constexpr int graphNode = 1, graphName = 2, graphInitializer = 5, graphInput = 11, graphOutput = 12;
constexpr int nodeInput = 1, nodeOutput = 2, nodeName = 3, nodeOpType = 4, nodeAttribute = 5;
constexpr int attributeName = 1, attributeFloat = 2, attributeInt = 3, attributeString = 4, attributeInts = 8,
              attributeType = 20;
constexpr int tensorDims = 1, tensorDataType = 2, tensorName = 8, tensorRawData = 9;
constexpr int valueInfoName = 1, valueInfoType = 2;
constexpr int typeTensorType = 1, tensorTypeElemType = 1, tensorTypeShape = 2;
constexpr int shapeDim = 1, dimValue = 1, dimParam = 2;
} // namespace field
constexpr int kAttributeFloat = 1, kAttributeInt = 2, kAttributeString = 3, kAttributeInts = 7;
constexpr int kFloat = 1, kInt64 = 7;
constexpr int kIrVersion = 7, kOpset = 13;

struct Attribute
{
    std::string name;
    int type = kAttributeInt;
    float f = 0.0f;
    std::int64_t i = 0;
    std::string s;
    std::vector<std::int64_t> ints;

    static Attribute ofInt(std::string name, std::int64_t value)
    {
        Attribute a;
        a.name = std::move(name);
        a.type = kAttributeInt;
        a.i = value;
        return a;
    }
    static Attribute ofFloat(std::string name, float value)
    {
        Attribute a;
        a.name = std::move(name);
        a.type = kAttributeFloat;
        a.f = value;
        return a;
    }
    static Attribute ofString(std::string name, std::string value)
    {
        Attribute a;
        a.name = std::move(name);
        a.type = kAttributeString;
        a.s = std::move(value);
        return a;
    }
    static Attribute ofInts(std::string name, std::vector<std::int64_t> values)
    {
        Attribute a;
        a.name = std::move(name);
        a.type = kAttributeInts;
        a.ints = std::move(values);
        return a;
    }
};

// Dimensions of a value: a number, or a symbolic name ("N") where the size is free.
struct Dim
{
    std::int64_t value = -1;
    std::string param;
};

ProtobufWriter valueInfo(const std::string &name, const std::vector<Dim> &dims)
{
    ProtobufWriter shape;
    for (const Dim &d : dims) {
        ProtobufWriter dim;
        if (d.param.empty())
            dim.signedVarint(field::dimValue, d.value);
        else
            dim.string(field::dimParam, d.param);
        shape.message(field::shapeDim, dim);
    }
    ProtobufWriter tensorType;
    tensorType.signedVarint(field::tensorTypeElemType, kFloat);
    tensorType.message(field::tensorTypeShape, shape);
    ProtobufWriter type;
    type.message(field::typeTensorType, tensorType);
    ProtobufWriter info;
    info.string(field::valueInfoName, name);
    info.message(field::valueInfoType, type);
    return info;
}

struct Shapes
{
    std::vector<Dim> input;
    std::vector<Dim> output;
};

class GraphBuilder
{
public:
    GraphBuilder(const WeightTable &weights, const QString &path)
        : m_weights(weights)
        , m_path(path)
    { }

    // Adds the initializer the first time a weight is used; returns its name.
    std::string weight(const std::string &name)
    {
        if (m_initialized.count(name))
            return name;
        const auto it = m_weights.find(name);
        if (it == m_weights.end())
            throw DataError(
                m_path, QStringLiteral("the network has no weight \"%1\"").arg(QString::fromStdString(name)));
        QByteArray raw(int(it->second.values.size() * sizeof(float)), Qt::Uninitialized);
        for (std::size_t i = 0; i < it->second.values.size(); ++i)
            qToLittleEndian(it->second.values[i], raw.data() + i * sizeof(float));
        initializer(name, it->second.shape, kFloat, raw);
        return name;
    }

    std::string constantInt64(const std::vector<std::int64_t> &values)
    {
        const std::string name = "const" + std::to_string(++m_counter);
        QByteArray raw(int(values.size() * sizeof(std::int64_t)), Qt::Uninitialized);
        for (std::size_t i = 0; i < values.size(); ++i)
            qToLittleEndian(values[i], raw.data() + i * sizeof(std::int64_t));
        initializer(name, { std::int64_t(values.size()) }, kInt64, raw);
        return name;
    }

    std::string constantFloat(const std::vector<float> &values)
    {
        const std::string name = "const" + std::to_string(++m_counter);
        QByteArray raw(int(values.size() * sizeof(float)), Qt::Uninitialized);
        for (std::size_t i = 0; i < values.size(); ++i)
            qToLittleEndian(values[i], raw.data() + i * sizeof(float));
        initializer(name, { std::int64_t(values.size()) }, kFloat, raw);
        return name;
    }

    std::string node(const std::string &opType, const std::vector<std::string> &inputs,
                     const std::vector<Attribute> &attributes = {}, std::string output = {})
    {
        const std::string name = opType + "_" + std::to_string(++m_counter);
        if (output.empty())
            output = name;
        ProtobufWriter node;
        for (const std::string &input : inputs)
            node.string(field::nodeInput, input);
        node.string(field::nodeOutput, output);
        node.string(field::nodeName, name);
        node.string(field::nodeOpType, opType);
        for (const Attribute &a : attributes) {
            ProtobufWriter attribute;
            attribute.string(field::attributeName, a.name);
            attribute.signedVarint(field::attributeType, a.type);
            if (a.type == kAttributeFloat)
                attribute.fixed32Float(field::attributeFloat, a.f);
            else if (a.type == kAttributeInt)
                attribute.signedVarint(field::attributeInt, a.i);
            else if (a.type == kAttributeString)
                attribute.string(field::attributeString, a.s);
            else
                for (std::int64_t v : a.ints)
                    attribute.signedVarint(field::attributeInts, v);
            node.message(field::nodeAttribute, attribute);
        }
        m_nodes.message(field::graphNode, node);
        return output;
    }

    std::string conv(const std::string &x, const std::string &module, int kernel, int stride, int padding,
                     bool bias = true)
    {
        std::vector<std::string> inputs { x, weight(module + ".weight") };
        if (bias)
            inputs.push_back(weight(module + ".bias"));
        return node("Conv", inputs,
                    { Attribute::ofInts("kernel_shape", { kernel, kernel }),
                      Attribute::ofInts("strides", { stride, stride }),
                      Attribute::ofInts("pads", { padding, padding, padding, padding }) });
    }

    std::string batchNorm(const std::string &x, const std::string &module)
    {
        return node("BatchNormalization",
                    { x, weight(module + ".weight"), weight(module + ".bias"),
                      weight(module + ".running_mean"), weight(module + ".running_var") },
                    { Attribute::ofFloat("epsilon", 1e-5f) });
    }

    std::string linear(const std::string &x, const std::string &module)
    {
        return node("Gemm", { x, weight(module + ".weight"), weight(module + ".bias") },
                    { Attribute::ofInt("transB", 1) });
    }

    std::string maxPool(const std::string &x, int window)
    {
        return node("MaxPool", { x },
                    { Attribute::ofInts("kernel_shape", { window, window }),
                      Attribute::ofInts("strides", { window, window }) });
    }

    std::string transpose2x2(const std::string &x, const std::string &module)
    {
        return node("ConvTranspose", { x, weight(module + ".weight"), weight(module + ".bias") },
                    { Attribute::ofInts("kernel_shape", { 2, 2 }), Attribute::ofInts("strides", { 2, 2 }) });
    }

    std::string activation(const std::string &x, Activation kind)
    {
        switch (kind) {
        case Activation::None:
            return x;
        case Activation::ReLU:
            return node("Relu", { x });
        case Activation::LeakyReLU:
            return node("LeakyRelu", { x }, { Attribute::ofFloat("alpha", 0.01f) });
        case Activation::ELU:
            return node("Elu", { x }, { Attribute::ofFloat("alpha", 1.0f) });
        case Activation::Tanh:
            return node("Tanh", { x });
        case Activation::Sigmoid:
            return node("Sigmoid", { x });
        case Activation::GELU:
            break;
        }
        throw DataError(m_path,
                        QStringLiteral("the GELU activation has no ONNX opset 13 operator; export "
                                       "this model as TorchScript"));
    }

    // Makes the last node write the graph output "output".
    std::string identityOutput(const std::string &x) { return node("Identity", { x }, {}, "output"); }

    QByteArray graph(const std::vector<Dim> &inputDims, const std::vector<Dim> &outputDims) const
    {
        ProtobufWriter graph;
        graph.append(m_nodes);
        graph.string(field::graphName, "deepterra");
        graph.append(m_initializers);
        graph.message(field::graphInput, valueInfo("input", inputDims));
        graph.message(field::graphOutput, valueInfo("output", outputDims));
        return graph.data();
    }

private:
    void initializer(const std::string &name, const std::vector<std::int64_t> &dims, int dataType,
                     const QByteArray &raw)
    {
        ProtobufWriter tensor;
        for (std::int64_t d : dims)
            tensor.signedVarint(field::tensorDims, d);
        tensor.signedVarint(field::tensorDataType, dataType);
        tensor.string(field::tensorName, name);
        tensor.bytes(field::tensorRawData, raw);
        m_initializers.message(field::graphInitializer, tensor);
        m_initialized.insert(name);
    }

    const WeightTable &m_weights;
    QString m_path;
    ProtobufWriter m_nodes;
    ProtobufWriter m_initializers;
    std::set<std::string> m_initialized;
    int m_counter = 0;
};

Shapes cnn(GraphBuilder &g, const CnnSpec &spec)
{
    std::string x = "input";
    for (std::size_t i = 0; i < spec.blocks.size(); ++i) {
        const ConvBlockSpec &b = spec.blocks[i];
        const std::string prefix = "block" + std::to_string(i + 1);
        x = g.conv(x, prefix + "_conv", b.kernel, b.stride, b.samePadding ? b.kernel / 2 : 0);
        if (b.batchNorm)
            x = g.batchNorm(x, prefix + "_bn");
        x = g.activation(x, b.activation);
        if (b.pool > 1)
            x = g.maxPool(x, b.pool);
    }
    x = g.node("Flatten", { x }, { Attribute::ofInt("axis", 1) });
    for (std::size_t i = 0; i < spec.denseUnits.size(); ++i)
        x = g.activation(g.linear(x, "dense" + std::to_string(i + 1)), spec.denseActivation);
    g.identityOutput(g.linear(x, "output"));
    return { { { -1, "N" }, { spec.inputChannels, {} }, { spec.inputHeight, {} }, { spec.inputWidth, {} } },
             { { -1, "N" }, { spec.classes, {} } } };
}

std::string doubleConv(GraphBuilder &g, std::string x, const std::string &module, bool batchNormed)
{
    for (const char *n : { "1", "2" }) {
        x = g.conv(x, module + ".conv" + n, 3, 1, 1, !batchNormed);
        if (batchNormed)
            x = g.batchNorm(x, module + ".bn" + n);
        x = g.node("Relu", { x });
    }
    return x;
}

Shapes unet(GraphBuilder &g, const UNetSpec &spec)
{
    std::string x = "input";
    std::vector<std::string> skips;
    for (int level = 0; level < spec.depth; ++level) {
        x = doubleConv(g, x, "down" + std::to_string(level + 1), spec.batchNorm);
        skips.push_back(x);
        x = g.maxPool(x, 2);
    }
    x = doubleConv(g, x, "bottleneck", spec.batchNorm);
    for (int level = spec.depth - 1; level >= 0; --level) {
        const std::string name = "up" + std::to_string(level + 1);
        if (spec.upsampling == Upsampling::Transpose) {
            x = g.transpose2x2(x, name + "_transpose");
        } else {
            // The skip is exactly twice the size (the input is a multiple of 2^depth), so scale 2
            // reproduces interpolate(size=skip): bilinear without corner alignment is half_pixel,
            // PyTorch's nearest is asymmetric + floor.
            const bool bilinear = spec.upsampling == Upsampling::Bilinear;
            x = g.node("Resize", { x, "", g.constantFloat({ 1.0f, 1.0f, 2.0f, 2.0f }) },
                       bilinear
                           ? std::vector<Attribute> { Attribute::ofString("mode", "linear"),
                                                      Attribute::ofString("coordinate_transformation_mode",
                                                                          "half_pixel") }
                           : std::vector<Attribute> {
                               Attribute::ofString("mode", "nearest"),
                               Attribute::ofString("coordinate_transformation_mode", "asymmetric"),
                               Attribute::ofString("nearest_mode", "floor") });
            x = g.conv(x, name + "_reduce", 1, 1, 0);
        }
        x = g.node("Concat", { x, skips[std::size_t(level)] }, { Attribute::ofInt("axis", 1) });
        x = doubleConv(g, x, name, spec.batchNorm);
    }
    g.identityOutput(g.conv(x, "head", 1, 1, 0));
    return { { { -1, "N" }, { spec.inputChannels, {} }, { -1, "H" }, { -1, "W" } },
             { { -1, "N" }, { spec.classes, {} }, { -1, "H" }, { -1, "W" } } };
}

Shapes denseAutoencoder(GraphBuilder &g, const DenseAutoencoderSpec &spec)
{
    std::string x = "input";
    const std::size_t layers = spec.encoderLayers.size() + 1;
    for (std::size_t i = 0; i < layers; ++i)
        x = g.activation(g.linear(x, "encoder" + std::to_string(i + 1)), spec.activation);
    for (std::size_t i = 0; i < layers; ++i) {
        x = g.linear(x, "decoder" + std::to_string(i + 1));
        if (i + 1 < layers)
            x = g.activation(x, spec.activation);
        else if (spec.sigmoidOutput)
            x = g.node("Sigmoid", { x });
    }
    g.identityOutput(x);
    return { { { -1, "N" }, { spec.inputSize, {} } }, { { -1, "N" }, { spec.inputSize, {} } } };
}

Shapes convAutoencoder(GraphBuilder &g, const ConvAutoencoderSpec &spec)
{
    std::string x = "input";
    for (int level = 0; level < spec.depth; ++level)
        x = g.maxPool(g.node("Relu", { g.conv(x, "encoder" + std::to_string(level + 1), 3, 1, 1) }), 2);
    const std::int64_t bottomChannels = spec.baseFilters << (spec.depth - 1);
    const std::int64_t bottomSize = spec.inputSize >> spec.depth;
    x = g.linear(g.node("Flatten", { x }, { Attribute::ofInt("axis", 1) }), "latent");
    x = g.node("Relu", { g.linear(x, "expand") });
    x = g.node("Reshape", { x, g.constantInt64({ -1, bottomChannels, bottomSize, bottomSize }) });
    for (int i = 0; i < spec.depth; ++i)
        x = g.node("Relu", { g.transpose2x2(x, "decoder" + std::to_string(i + 1)) });
    g.identityOutput(g.conv(x, "head", 1, 1, 0));
    const std::vector<Dim> image {
        { -1, "N" }, { spec.inputChannels, {} }, { spec.inputSize, {} }, { spec.inputSize, {} }
    };
    return { image, image };
}

} // namespace

QByteArray OnnxWriter::serialize(const ModelSpec &spec, const WeightTable &weights, const QString &path,
                                 const QByteArray &cardJson)
{
    GraphBuilder g(weights, path);
    Shapes shapes;
    switch (spec.kind()) {
    case ModelKind::Cnn:
        shapes = cnn(g, spec.as<CnnSpec>());
        break;
    case ModelKind::UNet:
        shapes = unet(g, spec.as<UNetSpec>());
        break;
    case ModelKind::DenseAutoencoder:
        shapes = denseAutoencoder(g, spec.as<DenseAutoencoderSpec>());
        break;
    case ModelKind::ConvAutoencoder:
        shapes = convAutoencoder(g, spec.as<ConvAutoencoderSpec>());
        break;
    case ModelKind::Recurrent:
        throw DataError(path,
                        QStringLiteral("ONNX export covers the CNN, U-Net and autoencoders; export "
                                       "recurrent forecasters as TorchScript"));
    }

    ProtobufWriter model;
    model.signedVarint(field::modelIrVersion, kIrVersion);
    model.string(field::modelProducerName, "Deepterra");
    model.string(field::modelProducerVersion, "1");
    model.string(field::modelDocString,
                 "Input: normalised bands, channels first (see the model card). Output: the network's "
                 "raw output (class logits for classifiers).");
    model.bytes(field::modelGraph, g.graph(shapes.input, shapes.output));
    ProtobufWriter opset;
    opset.string(field::opsetDomain, "");
    opset.signedVarint(field::opsetVersion, kOpset);
    model.message(field::modelOpsetImport, opset);
    if (!cardJson.isEmpty()) {
        ProtobufWriter entry;
        entry.string(field::entryKey, "deepterra.card");
        entry.bytes(field::entryValue, cardJson);
        model.message(field::modelMetadataProps, entry);
    }
    return model.data();
}

} // namespace deepterra
