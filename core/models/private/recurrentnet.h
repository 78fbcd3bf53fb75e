#pragma once

#include "models/modelspecs.h"
#include "models/private/network.h"

namespace deepterra {

// Stacked LSTM or GRU over (batch, lookback, inputs); a dense layer maps the last hidden state to
// (batch, horizon, targets).
struct RecurrentNetImpl : NetworkImpl
{
    explicit RecurrentNetImpl(const RecurrentSpec &spec);
    torch::Tensor run(torch::Tensor x, LayerRecorder *recorder) override;

    RecurrentSpec spec;
    torch::nn::LSTM lstm { nullptr };
    torch::nn::GRU gru { nullptr };
    torch::nn::Linear output { nullptr };
};

} // namespace deepterra
