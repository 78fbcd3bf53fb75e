#pragma once

#include "models/modelspecs.h"
#include "models/private/network.h"

namespace deepterra {

// Two 3x3 "same" convolutions, each followed by optional batch norm and ReLU.
struct DoubleConvImpl : torch::nn::Module
{
    DoubleConvImpl(int in, int out, bool batchNorm);
    torch::Tensor forward(torch::Tensor x);

    torch::nn::Conv2d conv1 { nullptr }, conv2 { nullptr };
    torch::nn::BatchNorm2d bn1 { nullptr }, bn2 { nullptr };
};
TORCH_MODULE(DoubleConv);

// U-Net: per-pixel class logits at the input resolution. The input's height and width must be
// multiples of 2^depth (the patch sampler and the tiler guarantee it).
struct UNetNetImpl : NetworkImpl
{
    explicit UNetNetImpl(const UNetSpec &spec);
    torch::Tensor run(torch::Tensor x, LayerRecorder *recorder) override;

    UNetSpec spec;
    std::vector<DoubleConv> down;
    DoubleConv bottleneck { nullptr };
    std::vector<torch::nn::ConvTranspose2d> upTranspose; // Transpose upsampling
    std::vector<torch::nn::Conv2d> upReduce; // Bilinear/Nearest: 1x1 conv after the resize
    std::vector<DoubleConv> up;
    torch::nn::Conv2d head { nullptr };
};

} // namespace deepterra
