#pragma once

#include "models/graph/layergraph.h"

#include <string>
#include <vector>

namespace deepterra {

// Two 3x3 "same" convolutions, each followed by optional batch norm and ReLU: the U-Net's block,
// in its encoder and in the decoder that the U-Net and the ResUNet share. Without batch norm the
// convolutions need their bias; with it, the norm's shift replaces it.
struct DoubleConv
{
    int conv1 = -1, conv2 = -1, bn1 = -1, bn2 = -1;

    static DoubleConv declare(LayerGraph &g, const std::string &path, int in, int out, bool batchNorm);
    int apply(LayerGraph &g, int x) const;
    std::vector<int> weights() const;
};

} // namespace deepterra
