#pragma once

#include "models/modelspecs.h"
#include "models/private/network.h"

namespace deepterra {

// Convolution blocks, flatten, dense head; outputs class logits (softmax lives in the loss and in
// inference, where probabilities are wanted).
struct CnnNetImpl : NetworkImpl
{
    explicit CnnNetImpl(const CnnSpec &spec);
    torch::Tensor run(torch::Tensor x, LayerRecorder *recorder) override;

    CnnSpec spec;
    std::vector<torch::nn::Conv2d> convs;
    std::vector<torch::nn::BatchNorm2d> norms; // empty modules where a block has no batch norm
    std::vector<torch::nn::Linear> dense;
    torch::nn::Linear output { nullptr };
};

} // namespace deepterra
