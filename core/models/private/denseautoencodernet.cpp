#include "models/private/denseautoencodernet.h"

namespace deepterra {

DenseAutoencoderNetImpl::DenseAutoencoderNetImpl(const DenseAutoencoderSpec &s)
    : spec(s)
{
    std::vector<int> sizes { spec.inputSize };
    sizes.insert(sizes.end(), spec.encoderLayers.begin(), spec.encoderLayers.end());
    sizes.push_back(spec.latent);
    for (std::size_t i = 0; i + 1 < sizes.size(); ++i)
        encoder.push_back(
            register_module("encoder" + std::to_string(i + 1), torch::nn::Linear(sizes[i], sizes[i + 1])));
    for (std::size_t i = sizes.size() - 1; i > 0; --i)
        decoder.push_back(register_module("decoder" + std::to_string(sizes.size() - i),
                                          torch::nn::Linear(sizes[i], sizes[i - 1])));
}

torch::Tensor DenseAutoencoderNetImpl::encode(torch::Tensor x)
{
    for (auto &layer : encoder)
        x = applyActivation(layer->forward(x), spec.activation);
    return x;
}

torch::Tensor DenseAutoencoderNetImpl::run(torch::Tensor x, LayerRecorder *recorder)
{
    const auto shape = x.sizes().vec();
    x = x.flatten(1);
    for (std::size_t i = 0; i < encoder.size(); ++i) {
        x = applyActivation(encoder[i]->forward(x), spec.activation);
        if (recorder)
            recorder->record(QStringLiteral("encoder%1").arg(i + 1),
                             i + 1 == encoder.size() ? QStringLiteral("Linear (latent)")
                                                     : QStringLiteral("Linear"),
                             x, encoder[i].get());
    }
    for (std::size_t i = 0; i < decoder.size(); ++i) {
        const bool last = i + 1 == decoder.size();
        x = decoder[i]->forward(x);
        x = last ? (spec.sigmoidOutput ? torch::sigmoid(x) : x) : applyActivation(x, spec.activation);
        if (recorder)
            recorder->record(
                QStringLiteral("decoder%1").arg(i + 1),
                last ? (spec.sigmoidOutput ? QStringLiteral("Linear+Sigmoid") : QStringLiteral("Linear"))
                     : QStringLiteral("Linear"),
                x, decoder[i].get());
    }
    return x.view(shape);
}

} // namespace deepterra
