#pragma once

#include "models/modelspecs.h"
#include "models/private/network.h"

namespace deepterra {

// input -> encoder layers -> latent -> mirrored decoder -> input size (sigmoid or linear).
struct DenseAutoencoderNetImpl : NetworkImpl
{
    explicit DenseAutoencoderNetImpl(const DenseAutoencoderSpec &spec);
    torch::Tensor run(torch::Tensor x, LayerRecorder *recorder) override;
    torch::Tensor encode(torch::Tensor x);

    DenseAutoencoderSpec spec;
    std::vector<torch::nn::Linear> encoder; // the last one produces the latent code
    std::vector<torch::nn::Linear> decoder; // the last one produces the reconstruction
};

} // namespace deepterra
