#include "models/private/recurrentnet.h"

namespace deepterra {

RecurrentNetImpl::RecurrentNetImpl(const RecurrentSpec &s)
    : spec(s)
{
    const double dropout = spec.layers > 1 ? spec.dropout : 0.0; // LibTorch warns on dropout with one layer
    if (spec.cell == RecurrentCell::Lstm)
        lstm = register_module("lstm",
                               torch::nn::LSTM(torch::nn::LSTMOptions(spec.inputs, spec.hiddenSize)
                                                   .num_layers(spec.layers)
                                                   .dropout(dropout)
                                                   .batch_first(true)));
    else
        gru = register_module("gru",
                              torch::nn::GRU(torch::nn::GRUOptions(spec.inputs, spec.hiddenSize)
                                                 .num_layers(spec.layers)
                                                 .dropout(dropout)
                                                 .batch_first(true)));
    output = register_module("output", torch::nn::Linear(spec.hiddenSize, spec.horizon * spec.targets));
}

torch::Tensor RecurrentNetImpl::run(torch::Tensor x, LayerRecorder *recorder)
{
    torch::Tensor sequence;
    if (lstm) {
        sequence = std::get<0>(lstm->forward(x));
        if (recorder)
            recorder->record(QStringLiteral("lstm"), QStringLiteral("LSTM x%1").arg(spec.layers), sequence,
                             lstm.get());
    } else {
        sequence = std::get<0>(gru->forward(x));
        if (recorder)
            recorder->record(QStringLiteral("gru"), QStringLiteral("GRU x%1").arg(spec.layers), sequence,
                             gru.get());
    }
    torch::Tensor last = sequence.select(1, sequence.size(1) - 1);
    torch::Tensor y = output->forward(last);
    if (recorder)
        recorder->record(QStringLiteral("output"), QStringLiteral("Linear"), y, output.get());
    y = y.view({ y.size(0), spec.horizon, spec.targets });
    return y;
}

} // namespace deepterra
