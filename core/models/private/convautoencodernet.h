#pragma once

#include "models/modelspecs.h"
#include "models/private/network.h"

namespace deepterra {

// Conv encoder (3x3 + ReLU + 2x2 pooling per level) -> dense latent code -> transposed-conv decoder;
// linear output with the input's channels, for reconstruction-error (anomaly) maps.
struct ConvAutoencoderNetImpl : NetworkImpl
{
    explicit ConvAutoencoderNetImpl(const ConvAutoencoderSpec &spec);
    torch::Tensor run(torch::Tensor x, LayerRecorder *recorder) override;

    ConvAutoencoderSpec spec;
    std::vector<torch::nn::Conv2d> encoder;
    torch::nn::Linear toLatent { nullptr };
    torch::nn::Linear fromLatent { nullptr };
    std::vector<torch::nn::ConvTranspose2d> decoder;
    torch::nn::Conv2d head { nullptr };
    int bottomChannels = 0;
    int bottomSize = 0;
};

} // namespace deepterra
