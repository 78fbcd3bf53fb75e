#pragma once

// Core-private: the computation behind OneDnnCheck. Only core .cpp files and tests include this.

#include <QString>
#include <QStringList>

#include <torch/torch.h>

#include <functional>

namespace deepterra {

// Convolutions of the shapes Deepterra's networks use, run forward and backward in float32 and
// bfloat16 by LibTorch (or by a given function), against the same computed in double precision.
class ConvolutionCheck
{
public:
    enum class Kind { Same3x3, Pointwise, Transposed2x2 };

    struct Case
    {
        Kind kind;
        std::int64_t inChannels;
        std::int64_t outChannels;
        bool channelsLast;
        at::ScalarType type;
    };

    // Computes a case's convolution of x with weights w (and bias b) in x's type and memory layout.
    using Convolve = std::function<torch::Tensor(const Case &, const torch::Tensor &x, const torch::Tensor &w,
                                                 const torch::Tensor &b)>;

    static std::vector<Case> cases();
    // LibTorch's own convolution of the case's kind.
    static torch::Tensor convolve(const Case &c, const torch::Tensor &x, const torch::Tensor &w,
                                  const torch::Tensor &b);
    // The cases whose output or gradients (of the input and the weights) are wrong or NaN, described
    // ("3x3 convolution, 24 -> 48 channels, float32, NCHW: output wrong by 37 % of its largest
    // value"). A case LibTorch cannot compute (it throws) is not among them.
    static QStringList wrongCases(const Convolve &convolve = &ConvolutionCheck::convolve);
    static QString describe(const Case &c);
};

} // namespace deepterra
