#include "models/graph/inferenceform.h"

#include <stdexcept>

namespace deepterra {

namespace {

// The channels of every node, from the declarations (the spatial sizes do not matter: 1024 is a
// multiple of every pooling a network here applies).
std::vector<std::int64_t> channelsOf(const LayerGraph &graph)
{
    const int inputChannels = [&graph] {
        for (const LayerNode &node : graph.nodes())
            if (!node.inputs.empty() && node.inputs[0] == 0 && node.weights >= 0)
                return graph.weights()[std::size_t(node.weights)].in;
        throw std::logic_error("a fully convolutional graph whose input no layer reads");
    }();
    const auto shapes = graph.shapes({ 1, inputChannels, 1024, 1024 });
    std::vector<std::int64_t> channels;
    for (const auto &shape : shapes)
        channels.push_back(shape[1]);
    return channels;
}

} // namespace

bool InferenceForm::applies(const LayerGraph &graph)
{
    return graph.fullyConvolutional();
}

std::vector<InferenceForm::Step> InferenceForm::steps(const LayerGraph &graph)
{
    const std::vector<LayerNode> &nodes = graph.nodes();
    std::vector<int> readers(nodes.size(), 0);
    for (const LayerNode &node : nodes)
        for (int input : node.inputs)
            ++readers[std::size_t(input)];
    ++readers[std::size_t(graph.output())];
    const auto channels = channelsOf(graph);
    // The single reader of a node, when it has exactly one.
    std::vector<int> onlyReader(nodes.size(), -1);
    for (std::size_t i = 0; i < nodes.size(); ++i)
        for (int input : nodes[i].inputs)
            onlyReader[std::size_t(input)] = readers[std::size_t(input)] == 1 ? int(i) : -1;

    std::vector<bool> fused(nodes.size(), false);
    std::vector<Step> steps;
    for (std::size_t i = 1; i < nodes.size(); ++i) {
        if (fused[i])
            continue;
        const LayerNode &node = nodes[i];
        Step step;
        step.node = int(i);
        step.op = node.op;
        if (node.op == LayerOp::Dropout) {
            step.parts = node.inputs; // the identity in evaluation
            steps.push_back(step);
            continue;
        }
        if (node.op == LayerOp::Concat && onlyReader[i] >= 0
            && nodes[std::size_t(onlyReader[i])].op == LayerOp::Conv2d)
            continue; // the convolution reading it takes its parts
        if (node.op != LayerOp::Conv2d && node.op != LayerOp::ConvTranspose2d) {
            step.parts = node.inputs;
            steps.push_back(step);
            continue;
        }
        step.conv = int(i);
        const LayerNode &input = nodes[std::size_t(node.inputs[0])];
        if (node.op == LayerOp::Conv2d && input.op == LayerOp::Concat
            && onlyReader[std::size_t(node.inputs[0])] == int(i))
            step.parts = input.inputs;
        else
            step.parts = node.inputs;
        for (int part : step.parts)
            step.partChannels.push_back(int(channels[std::size_t(part)]));
        int last = int(i);
        const int next = onlyReader[i];
        if (node.op == LayerOp::Conv2d && next >= 0 && nodes[std::size_t(next)].op == LayerOp::BatchNorm2d) {
            step.norm = next;
            fused[std::size_t(next)] = true;
            last = next;
        }
        // The addition runs where the convolution does: its other input must be computed by then.
        const int sum = onlyReader[std::size_t(last)];
        if (node.op == LayerOp::Conv2d && sum >= 0 && nodes[std::size_t(sum)].op == LayerOp::Add) {
            const std::vector<int> &terms = nodes[std::size_t(sum)].inputs;
            const int other = terms[0] == last ? terms[1] : terms[0];
            if (other < int(i)) {
                step.residual = other;
                fused[std::size_t(sum)] = true;
                last = sum;
            }
        }
        const int after = onlyReader[std::size_t(last)];
        if (after >= 0 && nodes[std::size_t(after)].op == LayerOp::Activation
            && nodes[std::size_t(after)].activation == Activation::ReLU) {
            step.relu = true;
            fused[std::size_t(after)] = true;
            last = after;
        }
        step.node = last;
        steps.push_back(step);
    }
    return steps;
}

} // namespace deepterra
