#pragma once

#include "models/modelspecs.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace deepterra {

// One tensor of a layer: its name within the layer ("weight", "running_mean", "weight_ih_l0") and
// shape. Buffers are state that is not trained (batch-norm statistics).
struct WeightTensorShape
{
    std::string name;
    std::vector<std::int64_t> shape;
    bool buffer = false;
    bool integer = false; // num_batches_tracked
};

// A layer with weights, as a network declares it: its kind, sizes and options, and its path
// ("down1.conv1"), which names its tensors in checkpoints ("down1.conv1.weight"), TorchScript
// attributes and ONNX initializers. Networks declare their layers in the order LibTorch creates
// them, which is the order seeded initialisation draws their weights in.
struct LayerWeights
{
    enum class Kind { Conv2d, ConvTranspose2d, BatchNorm2d, Dense, Recurrent };

    Kind kind = Kind::Conv2d;
    std::string path;
    int in = 0; // input channels or features
    int out = 0; // output channels or features; hidden size of a recurrent layer
    int kernel = 1;
    int stride = 1;
    int padding = 0;
    bool bias = true;
    RecurrentCell cell = RecurrentCell::Lstm;
    int layers = 1; // stacked recurrent layers
    double dropout = 0.0; // between stacked recurrent layers

    // The tensors in LibTorch's order: parameters first, then buffers.
    std::vector<WeightTensorShape> tensors() const;
    std::int64_t parameterCount() const;
};

} // namespace deepterra
