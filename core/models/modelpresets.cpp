#include "models/modelpresets.h"

#include <functional>
#include <vector>

namespace deepterra {

namespace {

struct Preset
{
    const char *name;
    const char *description;
    std::function<ModelSpec::Parameters()> make;
};

ModelSpec::Parameters seedCnn()
{
    CnnSpec s;
    s.inputChannels = 3;
    s.inputHeight = 224;
    s.inputWidth = 224;
    s.blocks = { ConvBlockSpec { 32 }, ConvBlockSpec { 64 }, ConvBlockSpec { 128 } };
    s.classes = 10;
    return s;
}

ModelSpec::Parameters patchCnn()
{
    CnnSpec s;
    s.inputChannels = 6;
    s.inputHeight = 32;
    s.inputWidth = 32;
    ConvBlockSpec block;
    block.samePadding = true;
    block.batchNorm = true;
    s.blocks = { block, block, block };
    s.blocks[0].filters = 32;
    s.blocks[1].filters = 64;
    s.blocks[2].filters = 128;
    s.denseUnits = { 128 };
    s.denseDropout = 0.3;
    s.classes = 4;
    return s;
}

ModelSpec::Parameters unetSmall()
{
    UNetSpec s;
    s.inputChannels = 6;
    s.classes = 4;
    s.depth = 3;
    s.baseFilters = 16;
    return s;
}

ModelSpec::Parameters unetMedium()
{
    UNetSpec s;
    s.inputChannels = 6;
    s.classes = 4;
    s.depth = 4;
    s.baseFilters = 32;
    s.dropout = 0.2;
    return s;
}

ModelSpec::Parameters resUNetSmall()
{
    ResUNetSpec s;
    s.inputChannels = 6;
    s.classes = 4;
    s.depth = 3;
    s.baseFilters = 16;
    s.blocksPerLevel = 2;
    return s;
}

ModelSpec::Parameters seedLstm()
{
    RecurrentSpec s;
    s.cell = RecurrentCell::Lstm;
    s.inputs = 1;
    s.hiddenSize = 50;
    s.layers = 3;
    s.lookback = 100;
    s.horizon = 1;
    s.targets = 1;
    return s;
}

ModelSpec::Parameters gruForecaster()
{
    RecurrentSpec s;
    s.cell = RecurrentCell::Gru;
    s.hiddenSize = 64;
    s.layers = 2;
    s.dropout = 0.1;
    s.lookback = 52;
    s.horizon = 4;
    return s;
}

ModelSpec::Parameters seedAutoencoder()
{
    DenseAutoencoderSpec s;
    s.inputSize = 784;
    s.encoderLayers = { 64, 32, 16, 8 };
    s.latent = 4;
    s.sigmoidOutput = true;
    return s;
}

ModelSpec::Parameters convAutoencoder()
{
    ConvAutoencoderSpec s;
    s.inputChannels = 6;
    s.inputSize = 32;
    s.depth = 3;
    s.baseFilters = 16;
    s.latent = 32;
    return s;
}

const std::vector<Preset> &presets()
{
    static const std::vector<Preset> all {
        { "seed-cnn",
          "Reference CNN: Conv2D 32/64/128 (3x3, ReLU, valid) + 2x2 max-pooling, Dense(10), 224x224x3 input",
          seedCnn },
        { "patch-cnn",
          "Patch classifier for 6-band 32x32 imagery patches: 3 conv blocks with batch norm, dense head",
          patchCnn },
        { "unet-small", "U-Net, depth 3, 16 base filters: land-cover segmentation of small scenes",
          unetSmall },
        { "unet-medium", "U-Net, depth 4, 32 base filters, bottleneck dropout", unetMedium },
        { "resunet-small",
          "U-Net with a ResNet-style encoder, depth 3, 16 base filters, 2 residual blocks per level",
          resUNetSmall },
        { "seed-lstm", "Reference forecaster: three stacked LSTM(50) on (100, 1) input, Dense(1), MSE",
          seedLstm },
        { "gru-forecaster", "Two GRU(64) layers, 52-step lookback, 4-step horizon", gruForecaster },
        { "seed-autoencoder", "Reference dense autoencoder 784-64-32-16-8-4 and mirror, sigmoid output, BCE",
          seedAutoencoder },
        { "conv-autoencoder", "Convolutional autoencoder for 6-band 32x32 patches (anomaly maps)",
          convAutoencoder },
    };
    return all;
}

} // namespace

QStringList ModelPresets::names()
{
    QStringList names;
    for (const Preset &p : presets())
        names << QString::fromLatin1(p.name);
    return names;
}

QString ModelPresets::description(const QString &name)
{
    for (const Preset &p : presets())
        if (name == QLatin1String(p.name))
            return QString::fromLatin1(p.description);
    return {};
}

std::optional<ModelSpec> ModelPresets::find(const QString &name)
{
    for (const Preset &p : presets())
        if (name == QLatin1String(p.name))
            return ModelSpec(p.make(), name);
    return std::nullopt;
}

} // namespace deepterra
