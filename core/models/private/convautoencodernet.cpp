#include "models/private/convautoencodernet.h"

namespace deepterra {

ConvAutoencoderNetImpl::ConvAutoencoderNetImpl(const ConvAutoencoderSpec &s)
    : spec(s)
{
    int channels = spec.inputChannels;
    for (int level = 0; level < spec.depth; ++level) {
        const int filters = spec.baseFilters << level;
        encoder.push_back(
            register_module("encoder" + std::to_string(level + 1),
                            torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, filters, 3).padding(1))));
        channels = filters;
    }
    bottomChannels = channels;
    bottomSize = spec.inputSize >> spec.depth;
    const std::int64_t flat = std::int64_t(bottomChannels) * bottomSize * bottomSize;
    toLatent = register_module("latent", torch::nn::Linear(flat, spec.latent));
    fromLatent = register_module("expand", torch::nn::Linear(spec.latent, flat));
    for (int level = spec.depth - 1; level >= 0; --level) {
        const int filters = level > 0 ? spec.baseFilters << (level - 1) : spec.baseFilters;
        decoder.push_back(register_module(
            "decoder" + std::to_string(spec.depth - level),
            torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(channels, filters, 2).stride(2))));
        channels = filters;
    }
    head = register_module("head",
                           torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, spec.inputChannels, 1)));
}

torch::Tensor ConvAutoencoderNetImpl::run(torch::Tensor x, LayerRecorder *recorder)
{
    for (std::size_t i = 0; i < encoder.size(); ++i) {
        x = torch::max_pool2d(torch::relu(encoder[i]->forward(x)), 2);
        if (recorder)
            recorder->record(QStringLiteral("encoder%1").arg(i + 1), QStringLiteral("Conv2d(3x3)+MaxPool2d"),
                             x, encoder[i].get());
    }
    x = toLatent->forward(x.flatten(1));
    if (recorder)
        recorder->record(QStringLiteral("latent"), QStringLiteral("Linear"), x, toLatent.get());
    x = torch::relu(fromLatent->forward(x)).view({ x.size(0), bottomChannels, bottomSize, bottomSize });
    if (recorder)
        recorder->record(QStringLiteral("expand"), QStringLiteral("Linear"), x, fromLatent.get());
    for (std::size_t i = 0; i < decoder.size(); ++i) {
        x = torch::relu(decoder[i]->forward(x));
        if (recorder)
            recorder->record(QStringLiteral("decoder%1").arg(i + 1), QStringLiteral("ConvTranspose2d(2x2)"),
                             x, decoder[i].get());
    }
    x = head->forward(x);
    if (recorder)
        recorder->record(QStringLiteral("head"), QStringLiteral("Conv2d(1x1)"), x, head.get());
    return x;
}

} // namespace deepterra
