#pragma once

namespace deepterra {

// The operations a network is made of. Those with weights (convolutions, batch norm, dense,
// recurrent) run a declared LayerWeights; the others are functions of their inputs.
enum class LayerOp {
    Input,
    Conv2d,
    ConvTranspose2d,
    BatchNorm2d,
    Dense,
    Recurrent, // LSTM or GRU over a batch-first sequence; returns every step's hidden state
    Activation,
    MaxPool2d,
    Upsample, // resize to the height and width of a second input (a skip connection)
    Concat, // along channels
    Add,
    Flatten,
    Dropout,
    LastStep, // the last step of a sequence
    Reshape, // to a fixed shape after the batch, or to the shape of a second input
};

} // namespace deepterra
