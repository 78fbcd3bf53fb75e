#include "models/private/cnnnet.h"

namespace deepterra {

CnnNetImpl::CnnNetImpl(const CnnSpec &s)
    : spec(s)
{
    int channels = spec.inputChannels;
    for (std::size_t i = 0; i < spec.blocks.size(); ++i) {
        const ConvBlockSpec &b = spec.blocks[i];
        const std::string prefix = "block" + std::to_string(i + 1);
        convs.push_back(
            register_module(prefix + "_conv",
                            torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, b.filters, b.kernel)
                                                  .stride(b.stride)
                                                  .padding(b.samePadding ? b.kernel / 2 : 0))));
        norms.push_back(b.batchNorm ? register_module(prefix + "_bn", torch::nn::BatchNorm2d(b.filters))
                                    : torch::nn::BatchNorm2d(nullptr));
        channels = b.filters;
    }
    // The flattened size follows from the spec's arithmetic; a dry run is the simplest exact way.
    std::int64_t flat = 0;
    {
        torch::NoGradGuard noGrad;
        torch::Tensor x = torch::zeros({ 1, spec.inputChannels, spec.inputHeight, spec.inputWidth });
        for (std::size_t i = 0; i < convs.size(); ++i) {
            x = convs[i]->forward(x);
            if (spec.blocks[i].pool > 1)
                x = torch::max_pool2d(x, spec.blocks[i].pool);
        }
        flat = x.numel();
    }
    std::int64_t features = flat;
    for (std::size_t i = 0; i < spec.denseUnits.size(); ++i) {
        dense.push_back(register_module("dense" + std::to_string(i + 1),
                                        torch::nn::Linear(features, spec.denseUnits[i])));
        features = spec.denseUnits[i];
    }
    output = register_module("output", torch::nn::Linear(features, spec.classes));
}

torch::Tensor CnnNetImpl::run(torch::Tensor x, LayerRecorder *recorder)
{
    for (std::size_t i = 0; i < convs.size(); ++i) {
        const ConvBlockSpec &b = spec.blocks[i];
        const QString prefix = QStringLiteral("block%1").arg(i + 1);
        x = convs[i]->forward(x);
        if (recorder)
            recorder->record(
                prefix + QStringLiteral(".conv"),
                QStringLiteral("Conv2d(%1x%1, %2)").arg(b.kernel).arg(b.samePadding ? "same" : "valid"), x,
                convs[i].get());
        if (norms[i]) {
            x = norms[i]->forward(x);
            if (recorder)
                recorder->record(prefix + QStringLiteral(".bn"), QStringLiteral("BatchNorm2d"), x,
                                 norms[i].get());
        }
        x = applyActivation(x, b.activation);
        if (b.pool > 1) {
            x = torch::max_pool2d(x, b.pool);
            if (recorder)
                recorder->record(prefix + QStringLiteral(".pool"),
                                 QStringLiteral("MaxPool2d(%1x%1)").arg(b.pool), x);
        }
        if (b.dropout > 0.0)
            x = torch::dropout(x, b.dropout, is_training());
    }
    x = x.flatten(1);
    if (recorder)
        recorder->record(QStringLiteral("flatten"), QStringLiteral("Flatten"), x);
    for (std::size_t i = 0; i < dense.size(); ++i) {
        x = applyActivation(dense[i]->forward(x), spec.denseActivation);
        if (recorder)
            recorder->record(QStringLiteral("dense%1").arg(i + 1), QStringLiteral("Linear"), x,
                             dense[i].get());
        if (spec.denseDropout > 0.0)
            x = torch::dropout(x, spec.denseDropout, is_training());
    }
    x = output->forward(x);
    if (recorder)
        recorder->record(QStringLiteral("output"), QStringLiteral("Linear (logits)"), x, output.get());
    return x;
}

} // namespace deepterra
