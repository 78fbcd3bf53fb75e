#pragma once

#include "models/activation.h"
#include "models/graph/layerop.h"
#include "models/modelspecs.h"

#include <cstdint>
#include <vector>

namespace deepterra {

// One step of a network's computation. Inputs are earlier nodes; node 0 is the network's input.
struct LayerNode
{
    LayerOp op = LayerOp::Input;
    std::vector<int> inputs;
    int weights = -1; // the LayerWeights an op with weights runs
    Activation activation = Activation::None;
    int window = 2; // MaxPool2d: window and stride
    Upsampling upsampling = Upsampling::Bilinear; // Upsample: Bilinear or Nearest
    double rate = 0.0; // Dropout probability
    std::vector<std::int64_t> shape; // Reshape: the sizes after the batch (empty: like inputs[1])
};

} // namespace deepterra
