#include "runtime/private/convolutioncheck.h"

#include <array>
#include <cmath>
#include <map>
#include <tuple>

namespace deepterra {

namespace {

constexpr std::int64_t kBatch = 3; // the wrong results above need a batch of more than one
constexpr std::int64_t kSize = 6;

// Values with few significant bits (steps of 1/levels), exact in bfloat16 and summed exactly in
// float32: both types are held to the same double-precision reference.
torch::Tensor pattern(std::vector<std::int64_t> sizes, double frequency, double levels)
{
    std::int64_t count = 1;
    for (std::int64_t size : sizes)
        count *= size;
    return (torch::sin(torch::arange(count, torch::kDouble) * frequency) * levels)
        .round()
        .div(levels)
        .reshape(sizes);
}

// The largest difference relative to the reference's magnitude; NaN counts as infinitely wrong.
double relativeError(const torch::Tensor &actual, const torch::Tensor &reference)
{
    const double scale = std::max(1.0, reference.abs().max().item<double>());
    const double error = (actual.to(torch::kDouble) - reference).abs().max().item<double>();
    return std::isfinite(error) ? error / scale : INFINITY;
}

std::array<torch::Tensor, 3> outputAndGradients(const ConvolutionCheck::Case &c, at::ScalarType type,
                                                bool channelsLast, const ConvolutionCheck::Convolve &convolve)
{
    const bool transposed = c.kind == ConvolutionCheck::Kind::Transposed2x2;
    const std::int64_t k = c.kind == ConvolutionCheck::Kind::Same3x3 ? 3
        : c.kind == ConvolutionCheck::Kind::Pointwise                ? 1
                                                                     : 2;
    const std::int64_t outSize = transposed ? 2 * kSize : kSize;
    const auto layout = channelsLast ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
    torch::Tensor x = pattern({ kBatch, c.inChannels, kSize, kSize }, 0.71, 1).to(type).contiguous(layout);
    torch::Tensor w = (transposed ? pattern({ c.inChannels, c.outChannels, k, k }, 1.3, 4)
                                  : pattern({ c.outChannels, c.inChannels, k, k }, 1.3, 4))
                          .to(type);
    torch::Tensor b = pattern({ c.outChannels }, 0.37, 2).to(type);
    const torch::Tensor g
        = pattern({ kBatch, c.outChannels, outSize, outSize }, 0.29, 2).to(type).contiguous(layout);
    x.requires_grad_();
    w.requires_grad_();
    b.requires_grad_();
    const torch::Tensor y = convolve(c, x, w, b);
    y.backward(g);
    return { y.detach(), x.grad(), w.grad() };
}

} // namespace

std::vector<ConvolutionCheck::Case> ConvolutionCheck::cases()
{
    // Widths of Deepterra's U-Nets (the base filters doubled at each level), among them the ones
    // found wrong: 24 and 12 input channels (not whole oneDNN blocks of 16 or 8), 48 out of a
    // transposed convolution.
    const std::pair<std::int64_t, std::int64_t> widths[]
        = { { 4, 12 }, { 12, 24 }, { 24, 48 }, { 48, 24 }, { 32, 32 } };
    std::vector<Case> all;
    for (at::ScalarType type : { at::kFloat, at::kBFloat16 })
        for (Kind kind : { Kind::Same3x3, Kind::Pointwise, Kind::Transposed2x2 })
            for (const auto &[in, out] : widths)
                for (bool channelsLast : { false, true })
                    all.push_back({ kind, in, out, channelsLast, type });
    return all;
}

torch::Tensor ConvolutionCheck::convolve(const Case &c, const torch::Tensor &x, const torch::Tensor &w,
                                         const torch::Tensor &b)
{
    switch (c.kind) {
    case Kind::Same3x3:
        return torch::conv2d(x, w, b, /*stride=*/1, /*padding=*/1);
    case Kind::Pointwise:
        return torch::conv2d(x, w, b);
    case Kind::Transposed2x2:
        break;
    }
    return torch::conv_transpose2d(x, w, b, /*stride=*/2);
}

QStringList ConvolutionCheck::wrongCases(const Convolve &convolve)
{
    // The check needs autograd, whatever mode its first caller is in.
    c10::InferenceMode notInference(false);
    torch::AutoGradMode gradients(true);
    QStringList wrong;
    // The reference of a shape serves both types and both layouts.
    std::map<std::tuple<Kind, std::int64_t, std::int64_t>, std::array<torch::Tensor, 3>> references;
    for (const Case &c : cases()) {
        try {
            auto &expected = references[{ c.kind, c.inChannels, c.outChannels }];
            if (!expected[0].defined())
                expected = outputAndGradients(c, at::kDouble, false, &ConvolutionCheck::convolve);
            const auto actual = outputAndGradients(c, c.type, c.channelsLast, convolve);
            // bfloat16 rounds each result to 8 significant bits; float32 sums these values exactly.
            const double tolerance = c.type == at::kBFloat16 ? 1e-2 : 1e-4;
            const char *names[] = { "output", "input gradient", "weight gradient" };
            for (std::size_t i = 0; i < actual.size(); ++i) {
                const double error = relativeError(actual[i], expected[i]);
                if (error > tolerance) {
                    wrong << (std::isfinite(error)
                                  ? QStringLiteral("%1: %2 wrong by %3 % of its largest value")
                                        .arg(describe(c), QLatin1String(names[i]))
                                        .arg(100 * error, 0, 'g', 3)
                                  : QStringLiteral("%1: %2 NaN").arg(describe(c), QLatin1String(names[i])));
                    break;
                }
            }
        } catch (const std::exception &) {
            // Not computed is not computed wrong: LibTorch 1.13 has no bfloat16 transposed convolution
            // on the CPU, and a network needing one fails with LibTorch's message.
        }
    }
    return wrong;
}

QString ConvolutionCheck::describe(const Case &c)
{
    const QString kind = c.kind == Kind::Same3x3 ? QStringLiteral("3x3")
        : c.kind == Kind::Pointwise              ? QStringLiteral("1x1")
                                                 : QStringLiteral("2x2 transposed");
    return QStringLiteral("%1 convolution, %2 -> %3 channels, %4, %5")
        .arg(kind)
        .arg(c.inChannels)
        .arg(c.outChannels)
        .arg(c.type == at::kBFloat16 ? QStringLiteral("bfloat16") : QStringLiteral("float32"),
             c.channelsLast ? QStringLiteral("NHWC") : QStringLiteral("NCHW"));
}

} // namespace deepterra
