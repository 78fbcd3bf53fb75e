#pragma once

#include "models/modelspecs.h"

#include <QString>

namespace deepterra {

// The TorchScript forward() of a U-Net for a module that is frozen before it predicts
// (TorchScriptSource::Form::Inference). It computes what the portable form computes, laid out for
// LibTorch's CPU kernels rather than for other runtimes:
// - activations stay channels-last (NHWC) from the first convolution to the head, which oneDNN
//   convolves without reordering them; optimize_for_inference's blocked layout instead converts
//   them back and forth around every concatenation and upsampling (a quarter of the time);
// - batch norm is folded into the convolutions' weights and bias by expressions on the attributes,
//   which freezing evaluates once;
// - every convolution is aten::mkldnn_convolution: aten::conv2d would send the 1x1 ones of a
//   single-threaded batch to its im2col path;
// - a 2x2 stride-2 transposed convolution is a 1x1 convolution to four times the channels, ordered
//   (dy, dx, channel) so that its pixel shuffle in NHWC copies runs of 2 x channels floats;
// - the decoder's concatenation is gone: a convolution of [upsampled, skip] is the sum of the two
//   halves of its weights convolved with each.
// Sums are regrouped, so outputs differ from the portable form's by float rounding (~1e-7).
class UNetInferenceSource
{
public:
    static QString forward(const UNetSpec &spec);
};

} // namespace deepterra
