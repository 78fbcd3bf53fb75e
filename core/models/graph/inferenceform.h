#pragma once

#include "models/graph/layergraph.h"

#include <vector>

namespace deepterra {

// The optimised inference form of a fully convolutional network (U-Net, ResUNet): the graph rewritten
// into fused steps for a frozen module running channels-last through oneDNN on the CPU.
// - A batch norm after a convolution folds into its weights: w * s, (b - mean) * s + beta with
//   s = gamma / sqrt(var + eps); freezing evaluates the expressions once.
// - A ReLU after a convolution runs in place on its output.
// - An addition of a convolution's output and a value computed before it (a residual block's
//   shortcut) runs in place on the convolution's output, and a ReLU after the addition with it.
// - A convolution of a concatenation becomes the sum of convolutions of its parts over slices of
//   the weights: the concatenated copy (the largest tensor of a U-Net's decoder) is never made.
// - A 2x2, stride-2 transposed convolution becomes a 1x1 convolution to (dy, dx, channel) and a
//   rearrangement, which oneDNN runs much faster than its transposed convolution.
class InferenceForm
{
public:
    struct Step
    {
        int node = -1; // the node whose value the step produces
        LayerOp op = LayerOp::Input; // the graph's operation, for steps that are not fused
        int conv = -1; // Conv2d or ConvTranspose2d: the convolution node
        int norm = -1; // the folded batch norm's node
        int residual = -1; // a node added in place to the convolution's (normalised) output
        bool relu = false; // a ReLU applied in place, after the residual's addition
        std::vector<int> parts; // a convolution's inputs: the concatenated nodes, or its one input
        std::vector<int> partChannels;
    };

    // True for networks the form applies to: convolutions, pooling, resizing, concatenation and
    // additions only (no flatten, dense or recurrent layers).
    static bool applies(const LayerGraph &graph);
    // The steps, in order; the last produces the graph's output. Requires applies().
    static std::vector<Step> steps(const LayerGraph &graph);
};

} // namespace deepterra
