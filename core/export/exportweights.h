#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace deepterra {

// A network's parameters and buffers as plain floats, keyed by their LibTorch names
// ("block1_conv.weight", "down1.bn1.running_mean"): what the ONNX writer embeds, without torch.
struct WeightTensor
{
    std::vector<std::int64_t> shape;
    std::vector<float> values;
};

using WeightTable = std::map<std::string, WeightTensor>;

} // namespace deepterra
