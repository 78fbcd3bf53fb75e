#pragma once

// Core-private: the LibTorch side of the models. Only core .cpp files include this.

#include "models/activation.h"
#include "models/graph/layergraph.h"

#include <torch/torch.h>

#include <memory>

namespace deepterra {

std::int64_t countParameters(const torch::nn::Module &module);

torch::Tensor applyActivation(torch::Tensor x, Activation activation);

// The training module of a network: LibTorch layers created from the graph's declarations, in
// their order and under their paths ("down1.conv1" is the submodule conv1 of down1), and a
// forward pass that runs the graph's nodes. Checkpoints hold its state under those paths.
struct NetworkImpl : torch::nn::Module
{
    explicit NetworkImpl(LayerGraph graph);
    torch::Tensor forward(torch::Tensor x);
    const LayerGraph &graph() const { return m_graph; }

private:
    // The LibTorch module of a declared layer: one of these is set.
    struct Layer
    {
        torch::nn::Conv2d conv { nullptr };
        torch::nn::ConvTranspose2d transpose { nullptr };
        torch::nn::BatchNorm2d norm { nullptr };
        torch::nn::Linear dense { nullptr };
        torch::nn::LSTM lstm { nullptr };
        torch::nn::GRU gru { nullptr };
    };

    Layer create(const LayerWeights &weights);
    // The module a layer path registers in, created (and registered) on first use.
    torch::nn::Module &parentOf(const std::string &path, std::string *leaf);
    torch::Tensor run(const LayerNode &node, std::vector<torch::Tensor> &values);

    LayerGraph m_graph;
    std::vector<int> m_lastUses;
    std::vector<Layer> m_layers;
    std::map<std::string, std::shared_ptr<torch::nn::Module>> m_containers;
};

using Network = std::shared_ptr<NetworkImpl>;

} // namespace deepterra
