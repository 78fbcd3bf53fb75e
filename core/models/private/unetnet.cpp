#include "models/private/unetnet.h"

namespace deepterra {

DoubleConvImpl::DoubleConvImpl(int in, int out, bool batchNorm)
{
    // Without batch norm the convolutions need their bias; with it, the norm's shift replaces it.
    conv1 = register_module(
        "conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(!batchNorm)));
    conv2 = register_module(
        "conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(out, out, 3).padding(1).bias(!batchNorm)));
    if (batchNorm) {
        bn1 = register_module("bn1", torch::nn::BatchNorm2d(out));
        bn2 = register_module("bn2", torch::nn::BatchNorm2d(out));
    }
}

torch::Tensor DoubleConvImpl::forward(torch::Tensor x)
{
    x = conv1->forward(x);
    if (bn1)
        x = bn1->forward(x);
    x = torch::relu(x);
    x = conv2->forward(x);
    if (bn2)
        x = bn2->forward(x);
    return torch::relu(x);
}

UNetNetImpl::UNetNetImpl(const UNetSpec &s)
    : spec(s)
{
    int channels = spec.inputChannels;
    for (int level = 0; level < spec.depth; ++level) {
        const int filters = spec.baseFilters << level;
        down.push_back(register_module("down" + std::to_string(level + 1),
                                       DoubleConv(channels, filters, spec.batchNorm)));
        channels = filters;
    }
    const int bottom = spec.baseFilters << spec.depth;
    bottleneck = register_module("bottleneck", DoubleConv(channels, bottom, spec.batchNorm));
    channels = bottom;
    for (int level = spec.depth - 1; level >= 0; --level) {
        const int filters = spec.baseFilters << level;
        const std::string name = std::to_string(level + 1);
        if (spec.upsampling == Upsampling::Transpose)
            upTranspose.push_back(
                register_module("up" + name + "_transpose",
                                torch::nn::ConvTranspose2d(
                                    torch::nn::ConvTranspose2dOptions(channels, filters, 2).stride(2))));
        else
            upReduce.push_back(register_module(
                "up" + name + "_reduce", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, filters, 1))));
        up.push_back(register_module("up" + name, DoubleConv(2 * filters, filters, spec.batchNorm)));
        channels = filters;
    }
    head = register_module("head", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, spec.classes, 1)));
}

torch::Tensor UNetNetImpl::run(torch::Tensor x, LayerRecorder *recorder)
{
    std::vector<torch::Tensor> skips;
    for (std::size_t i = 0; i < down.size(); ++i) {
        x = down[i]->forward(x);
        if (recorder)
            recorder->record(QStringLiteral("down%1").arg(i + 1), QStringLiteral("DoubleConv(3x3)"), x,
                             down[i].get());
        skips.push_back(x);
        x = torch::max_pool2d(x, 2);
        if (recorder)
            recorder->record(QStringLiteral("down%1.pool").arg(i + 1), QStringLiteral("MaxPool2d(2x2)"), x);
    }
    x = bottleneck->forward(x);
    if (spec.dropout > 0.0)
        x = torch::dropout(x, spec.dropout, is_training());
    if (recorder)
        recorder->record(QStringLiteral("bottleneck"), QStringLiteral("DoubleConv(3x3)"), x,
                         bottleneck.get());
    for (std::size_t i = 0; i < up.size(); ++i) {
        const torch::Tensor &skip = skips[skips.size() - 1 - i];
        if (spec.upsampling == Upsampling::Transpose) {
            x = upTranspose[i]->forward(x);
            if (recorder)
                recorder->record(QStringLiteral("up%1.transpose").arg(up.size() - i),
                                 QStringLiteral("ConvTranspose2d(2x2)"), x, upTranspose[i].get());
        } else {
            namespace F = torch::nn::functional;
            auto options
                = F::InterpolateFuncOptions().size(std::vector<int64_t> { skip.size(2), skip.size(3) });
            if (spec.upsampling == Upsampling::Bilinear)
                options.mode(torch::kBilinear).align_corners(false);
            else
                options.mode(torch::kNearest);
            x = upReduce[i]->forward(F::interpolate(x, options));
            if (recorder)
                recorder->record(QStringLiteral("up%1.resize").arg(up.size() - i),
                                 spec.upsampling == Upsampling::Bilinear
                                     ? QStringLiteral("Upsample(bilinear)+Conv1x1")
                                     : QStringLiteral("Upsample(nearest)+Conv1x1"),
                                 x, upReduce[i].get());
        }
        x = up[i]->forward(torch::cat({ x, skip }, 1));
        if (recorder)
            recorder->record(QStringLiteral("up%1").arg(up.size() - i),
                             QStringLiteral("Concat+DoubleConv(3x3)"), x, up[i].get());
    }
    x = head->forward(x);
    if (recorder)
        recorder->record(QStringLiteral("head"), QStringLiteral("Conv2d(1x1, logits)"), x, head.get());
    return x;
}

} // namespace deepterra
