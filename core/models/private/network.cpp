#include "models/private/network.h"

#include "runtime/onednncheck.h"

namespace deepterra {

std::int64_t countParameters(const torch::nn::Module &module)
{
    std::int64_t count = 0;
    for (const torch::Tensor &p : module.parameters())
        count += p.numel();
    return count;
}

torch::Tensor applyActivation(torch::Tensor x, Activation activation)
{
    switch (activation) {
    case Activation::None:
        return x;
    case Activation::ReLU:
        return torch::relu(x);
    case Activation::LeakyReLU:
        return torch::leaky_relu(x, 0.01);
    case Activation::ELU:
        return torch::elu(x);
    case Activation::GELU:
        return torch::gelu(x);
    case Activation::Tanh:
        return torch::tanh(x);
    case Activation::Sigmoid:
        return torch::sigmoid(x);
    }
    return x;
}

NetworkImpl::NetworkImpl(LayerGraph graph)
    : m_graph(std::move(graph))
    , m_lastUses(m_graph.lastUses())
{
    // Every network, trained or loaded, is built here: LibTorch's convolutions are checked first.
    OneDnnCheck::ensure();
    // Created in declaration order: seeded initialisation draws the weights in this order.
    for (const LayerWeights &weights : m_graph.weights())
        m_layers.push_back(create(weights));
}

torch::nn::Module &NetworkImpl::parentOf(const std::string &path, std::string *leaf)
{
    const std::size_t dot = path.rfind('.');
    if (dot == std::string::npos) {
        *leaf = path;
        return *this;
    }
    *leaf = path.substr(dot + 1);
    const std::string parentPath = path.substr(0, dot);
    auto &container = m_containers[parentPath];
    if (!container) {
        std::string name;
        torch::nn::Module &grandparent = parentOf(parentPath, &name);
        container = grandparent.register_module(name, std::make_shared<torch::nn::Module>(parentPath));
    }
    return *container;
}

NetworkImpl::Layer NetworkImpl::create(const LayerWeights &w)
{
    std::string name;
    torch::nn::Module &parent = parentOf(w.path, &name);
    Layer layer;
    switch (w.kind) {
    case LayerWeights::Kind::Conv2d:
        layer.conv = parent.register_module(name,
                                            torch::nn::Conv2d(torch::nn::Conv2dOptions(w.in, w.out, w.kernel)
                                                                  .stride(w.stride)
                                                                  .padding(w.padding)
                                                                  .bias(w.bias)));
        break;
    case LayerWeights::Kind::ConvTranspose2d:
        layer.transpose = parent.register_module(
            name,
            torch::nn::ConvTranspose2d(
                torch::nn::ConvTranspose2dOptions(w.in, w.out, w.kernel).stride(w.stride)));
        break;
    case LayerWeights::Kind::BatchNorm2d:
        layer.norm = parent.register_module(name, torch::nn::BatchNorm2d(w.out));
        break;
    case LayerWeights::Kind::Dense:
        layer.dense = parent.register_module(name, torch::nn::Linear(w.in, w.out));
        break;
    case LayerWeights::Kind::Recurrent:
        if (w.cell == RecurrentCell::Lstm)
            layer.lstm = parent.register_module(name,
                                                torch::nn::LSTM(torch::nn::LSTMOptions(w.in, w.out)
                                                                    .num_layers(w.layers)
                                                                    .dropout(w.dropout)
                                                                    .batch_first(true)));
        else
            layer.gru = parent.register_module(name,
                                               torch::nn::GRU(torch::nn::GRUOptions(w.in, w.out)
                                                                  .num_layers(w.layers)
                                                                  .dropout(w.dropout)
                                                                  .batch_first(true)));
        break;
    }
    return layer;
}

torch::Tensor NetworkImpl::run(const LayerNode &node, std::vector<torch::Tensor> &values)
{
    const torch::Tensor &x = values[std::size_t(node.inputs.at(0))];
    Layer *layer = node.weights >= 0 ? &m_layers[std::size_t(node.weights)] : nullptr;
    switch (node.op) {
    case LayerOp::Input:
        return x;
    case LayerOp::Conv2d:
        return layer->conv->forward(x);
    case LayerOp::ConvTranspose2d:
        return layer->transpose->forward(x);
    case LayerOp::BatchNorm2d:
        return layer->norm->forward(x);
    case LayerOp::Dense:
        return layer->dense->forward(x);
    case LayerOp::Recurrent:
        return layer->lstm ? std::get<0>(layer->lstm->forward(x)) : std::get<0>(layer->gru->forward(x));
    case LayerOp::Activation:
        return applyActivation(x, node.activation);
    case LayerOp::MaxPool2d:
        return torch::max_pool2d(x, node.window);
    case LayerOp::Upsample: {
        namespace F = torch::nn::functional;
        const torch::Tensor &like = values[std::size_t(node.inputs[1])];
        auto options = F::InterpolateFuncOptions().size(std::vector<int64_t> { like.size(2), like.size(3) });
        if (node.upsampling == Upsampling::Bilinear)
            options.mode(torch::kBilinear).align_corners(false);
        else
            options.mode(torch::kNearest);
        return F::interpolate(x, options);
    }
    case LayerOp::Concat: {
        std::vector<torch::Tensor> parts;
        for (int input : node.inputs)
            parts.push_back(values[std::size_t(input)]);
        return torch::cat(parts, 1);
    }
    case LayerOp::Add:
        return x + values[std::size_t(node.inputs[1])];
    case LayerOp::Flatten:
        return x.flatten(1);
    case LayerOp::Dropout:
        return torch::dropout(x, node.rate, is_training());
    case LayerOp::LastStep:
        return x.select(1, x.size(1) - 1);
    case LayerOp::Reshape: {
        if (node.shape.empty())
            return x.view(values[std::size_t(node.inputs[1])].sizes());
        std::vector<std::int64_t> shape { x.size(0) };
        shape.insert(shape.end(), node.shape.begin(), node.shape.end());
        return x.view(shape);
    }
    }
    return x;
}

torch::Tensor NetworkImpl::forward(torch::Tensor x)
{
    const std::vector<LayerNode> &nodes = m_graph.nodes();
    std::vector<torch::Tensor> values(nodes.size());
    values[0] = std::move(x);
    for (std::size_t i = 1; i < nodes.size(); ++i) {
        values[i] = run(nodes[i], values);
        // Intermediate results go as soon as nothing reads them: a U-Net keeps only its skips.
        for (int input : nodes[i].inputs)
            if (m_lastUses[std::size_t(input)] == int(i))
                values[std::size_t(input)] = torch::Tensor();
    }
    return values[std::size_t(m_graph.output())];
}

} // namespace deepterra
