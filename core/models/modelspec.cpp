#include "models/modelspec.h"

#include <array>
#include <cstdint>

namespace deepterra {

namespace {

const std::array<std::pair<ModelKind, const char *>, 6> kKindNames { {
    { ModelKind::Cnn, "cnn" },
    { ModelKind::UNet, "unet" },
    { ModelKind::Recurrent, "recurrent" },
    { ModelKind::DenseAutoencoder, "dense-autoencoder" },
    { ModelKind::ConvAutoencoder, "conv-autoencoder" },
    { ModelKind::ResUNet, "resunet" },
} };

void checkPositive(QStringList &problems, int value, const char *what)
{
    if (value <= 0)
        problems << QStringLiteral("%1 must be positive (got %2)").arg(QLatin1String(what)).arg(value);
}

void checkDropout(QStringList &problems, double value, const char *what)
{
    if (value < 0.0 || value >= 1.0)
        problems << QStringLiteral("%1 must lie in [0, 1) (got %2)").arg(QLatin1String(what)).arg(value);
}

QStringList validateCnn(const CnnSpec &s)
{
    QStringList problems;
    checkPositive(problems, s.inputChannels, "input channels");
    checkPositive(problems, s.classes, "classes");
    checkDropout(problems, s.denseDropout, "dense dropout");
    if (s.blocks.empty())
        problems << QStringLiteral("a CNN needs at least one convolution block");
    int h = s.inputHeight, w = s.inputWidth;
    for (std::size_t i = 0; i < s.blocks.size(); ++i) {
        const ConvBlockSpec &b = s.blocks[i];
        checkPositive(problems, b.filters, "filters");
        checkPositive(problems, b.kernel, "kernel size");
        checkPositive(problems, b.stride, "stride");
        checkDropout(problems, b.dropout, "block dropout");
        const int pad = b.samePadding ? b.kernel / 2 : 0;
        h = (h + 2 * pad - b.kernel) / std::max(1, b.stride) + 1;
        w = (w + 2 * pad - b.kernel) / std::max(1, b.stride) + 1;
        if (b.pool > 1) {
            h /= b.pool;
            w /= b.pool;
        }
        if (h < 1 || w < 1) {
            problems << QStringLiteral("block %1 shrinks a %2x%3 input to nothing: use larger patches, "
                                       "fewer blocks or \"same\" padding")
                            .arg(i + 1)
                            .arg(s.inputWidth)
                            .arg(s.inputHeight);
            break;
        }
    }
    for (int units : s.denseUnits)
        checkPositive(problems, units, "dense units");
    return problems;
}

// The fields the U-Net and the ResUNet share; `family` names the network in messages.
template<typename Segmenter> QStringList validateSegmenter(const Segmenter &s, const char *family)
{
    QStringList problems;
    checkPositive(problems, s.inputChannels, "input channels");
    checkPositive(problems, s.classes, "classes");
    checkPositive(problems, s.depth, "depth");
    checkPositive(problems, s.baseFilters, "base filters");
    checkDropout(problems, s.dropout, "dropout");
    if (s.depth > 6)
        problems << QStringLiteral("%1 depth %2 is more than 6").arg(QLatin1String(family)).arg(s.depth);
    return problems;
}

QStringList validateResUNet(const ResUNetSpec &s)
{
    QStringList problems = validateSegmenter(s, "ResUNet");
    checkPositive(problems, s.blocksPerLevel, "blocks per level");
    if (s.blocksPerLevel > 16)
        problems << QStringLiteral("ResUNet blocks per level %1 is more than 16").arg(s.blocksPerLevel);
    // The bottleneck has baseFilters * 2^depth channels; past 4096 (a CNN block's limit) one of its
    // convolutions alone holds more than 150 million weights.
    if (s.depth > 0 && s.depth <= 6 && s.baseFilters > 0 && (std::int64_t(s.baseFilters) << s.depth) > 4096)
        problems << QStringLiteral("ResUNet base filters %1 doubled %2 times give %3 channels at the "
                                   "bottleneck, more than 4096: lower the base filters or the depth")
                        .arg(s.baseFilters)
                        .arg(s.depth)
                        .arg(std::int64_t(s.baseFilters) << s.depth);
    return problems;
}

QStringList validateRecurrent(const RecurrentSpec &s)
{
    QStringList problems;
    checkPositive(problems, s.inputs, "input variables");
    checkPositive(problems, s.hiddenSize, "hidden size");
    checkPositive(problems, s.layers, "layers");
    checkPositive(problems, s.lookback, "lookback");
    checkPositive(problems, s.horizon, "horizon");
    checkPositive(problems, s.targets, "targets");
    checkDropout(problems, s.dropout, "dropout");
    return problems;
}

QStringList validateDense(const DenseAutoencoderSpec &s)
{
    QStringList problems;
    checkPositive(problems, s.inputSize, "input size");
    checkPositive(problems, s.latent, "latent size");
    for (int units : s.encoderLayers)
        checkPositive(problems, units, "encoder layer size");
    return problems;
}

QStringList validateConvAutoencoder(const ConvAutoencoderSpec &s)
{
    QStringList problems;
    checkPositive(problems, s.inputChannels, "input channels");
    checkPositive(problems, s.depth, "depth");
    checkPositive(problems, s.baseFilters, "base filters");
    checkPositive(problems, s.latent, "latent size");
    checkPositive(problems, s.inputSize, "input size");
    if (s.depth > 0 && s.inputSize % (1 << s.depth) != 0)
        problems << QStringLiteral("input size %1 is not divisible by 2^%2").arg(s.inputSize).arg(s.depth);
    return problems;
}

template<class... Ts> struct Overloaded : Ts...
{
    using Ts::operator()...;
};
template<class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

} // namespace

ModelSpec::ModelSpec(Parameters parameters, QString name)
    : m_parameters(std::move(parameters))
    , m_name(std::move(name))
{ }

ModelKind ModelSpec::kind() const
{
    return std::visit(Overloaded { [](const CnnSpec &) { return ModelKind::Cnn; },
                                   [](const UNetSpec &) { return ModelKind::UNet; },
                                   [](const RecurrentSpec &) { return ModelKind::Recurrent; },
                                   [](const DenseAutoencoderSpec &) { return ModelKind::DenseAutoencoder; },
                                   [](const ConvAutoencoderSpec &) { return ModelKind::ConvAutoencoder; },
                                   [](const ResUNetSpec &) { return ModelKind::ResUNet; } },
                      m_parameters);
}

QStringList ModelSpec::validate() const
{
    return std::visit(Overloaded { [](const CnnSpec &s) { return validateCnn(s); },
                                   [](const UNetSpec &s) { return validateSegmenter(s, "U-Net"); },
                                   [](const RecurrentSpec &s) { return validateRecurrent(s); },
                                   [](const DenseAutoencoderSpec &s) { return validateDense(s); },
                                   [](const ConvAutoencoderSpec &s) { return validateConvAutoencoder(s); },
                                   [](const ResUNetSpec &s) { return validateResUNet(s); } },
                      m_parameters);
}

int ModelSpec::segmenterDepth() const
{
    if (const auto *unet = std::get_if<UNetSpec>(&m_parameters))
        return unet->depth;
    if (const auto *resunet = std::get_if<ResUNetSpec>(&m_parameters))
        return resunet->depth;
    return 0;
}

QString ModelSpec::kindName(ModelKind kind)
{
    for (const auto &[k, name] : kKindNames)
        if (k == kind)
            return QString::fromLatin1(name);
    return {};
}

std::optional<ModelKind> ModelSpec::kindFromName(const QString &name)
{
    for (const auto &[kind, kindName] : kKindNames)
        if (name == QLatin1String(kindName))
            return kind;
    return std::nullopt;
}

QStringList ModelSpec::kindNames()
{
    QStringList names;
    for (const auto &entry : kKindNames)
        names << QString::fromLatin1(entry.second);
    return names;
}

} // namespace deepterra
