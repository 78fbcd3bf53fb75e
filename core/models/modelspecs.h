#pragma once

#include "models/activation.h"

#include <vector>

namespace deepterra {

// The parameters of each model family, as the forms edit them and project files store them.
// Shapes follow PyTorch: channels first.

struct ConvBlockSpec
{
    int filters = 32;
    int kernel = 3;
    int stride = 1;
    bool samePadding = false; // false: "valid" convolution, as Keras' default
    int pool = 2; // max-pooling window after the block; 0 or 1: none
    bool batchNorm = false;
    double dropout = 0.0;
    Activation activation = Activation::ReLU;
};

// Patch or scene classifier: convolution blocks, flatten, dense head, one logit per class.
struct CnnSpec
{
    int inputChannels = 3;
    int inputHeight = 64;
    int inputWidth = 64;
    std::vector<ConvBlockSpec> blocks { ConvBlockSpec {}, ConvBlockSpec { 64 } };
    std::vector<int> denseUnits; // hidden dense layers before the output layer
    double denseDropout = 0.0;
    Activation denseActivation = Activation::ReLU;
    int classes = 2;
};

enum class Upsampling { Transpose, Bilinear, Nearest };

// U-Net segmenter: per-pixel class logits at the input's resolution.
struct UNetSpec
{
    int inputChannels = 3;
    int classes = 2;
    int depth = 3; // number of down-sampling steps
    int baseFilters = 16; // doubled at each step
    bool batchNorm = true;
    double dropout = 0.0; // at the bottleneck
    Upsampling upsampling = Upsampling::Transpose;
};

// U-Net with a ResNet-style encoder: each level stacks residual blocks (two 3x3 convolutions with
// batch norm, added to the level's input through an identity or 1x1 projection shortcut), the
// first block of each deeper level halving the resolution; the decoder is the U-Net's.
struct ResUNetSpec
{
    int inputChannels = 3;
    int classes = 2;
    int depth = 3; // number of down-sampling steps
    int baseFilters = 16; // width at full resolution, doubled at each step
    int blocksPerLevel = 2; // residual blocks at each level of the encoder, the bottleneck included
    double dropout = 0.0; // at the bottleneck
    Upsampling upsampling = Upsampling::Transpose;
};

enum class RecurrentCell { Lstm, Gru };

// Sequence forecaster: `lookback` steps of `inputs` variables in, `horizon` steps of `targets` out.
struct RecurrentSpec
{
    RecurrentCell cell = RecurrentCell::Lstm;
    int inputs = 1;
    int hiddenSize = 50;
    int layers = 1;
    double dropout = 0.0; // between stacked layers
    int lookback = 24;
    int horizon = 1;
    int targets = 1;
};

// Fully connected autoencoder on flat vectors (windows of a series, flattened patches).
struct DenseAutoencoderSpec
{
    int inputSize = 784;
    std::vector<int> encoderLayers { 64, 32, 16, 8 };
    int latent = 4;
    Activation activation = Activation::ReLU;
    bool sigmoidOutput = true; // inputs scaled to 0..1, trained with binary cross-entropy
};

// Convolutional autoencoder on square patches.
struct ConvAutoencoderSpec
{
    int inputChannels = 3;
    int inputSize = 32; // must be divisible by 2^depth
    int depth = 3;
    int baseFilters = 16;
    int latent = 32;
};

} // namespace deepterra
