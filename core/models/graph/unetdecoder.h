#pragma once

#include "models/graph/doubleconv.h"
#include "models/modelspecs.h"

#include <vector>

namespace deepterra {

// The U-Net's decoder, shared by the families that end in one (U-Net, ResUNet): from the deepest
// level up, the features are brought to the next resolution (a 2x2 transposed convolution, or a
// resize and a 1x1 convolution), concatenated with the encoder's skip of that resolution and
// merged by a DoubleConv; a 1x1 convolution then gives per-pixel class logits. Level l (1 =
// full resolution) has baseFilters * 2^(l-1) channels; its layers are "up<l>_transpose" or
// "up<l>_reduce" and "up<l>.conv1"..., the last one "head".
class UNetDecoder
{
public:
    struct Options
    {
        int depth = 3;
        int baseFilters = 16;
        bool batchNorm = true;
        Upsampling upsampling = Upsampling::Transpose;
        int classes = 2;
    };

    // Declares the layers, deepest level first, then the head. `channels`: the bottleneck's.
    static UNetDecoder declare(LayerGraph &g, int channels, const Options &options);

    // The decoder's nodes and layer-table rows from the bottleneck's output `x`, with the
    // encoder's skips from full resolution down (depth of them). Returns the logits.
    int apply(LayerGraph &g, int x, const std::vector<int> &skips) const;

private:
    struct Level
    {
        int resample = -1; // the transposed convolution, or the 1x1 convolution after a resize
        DoubleConv conv;
    };

    std::vector<Level> m_levels; // deepest first
    int m_head = -1;
    Upsampling m_upsampling = Upsampling::Transpose;
};

} // namespace deepterra
