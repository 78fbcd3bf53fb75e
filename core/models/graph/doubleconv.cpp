#include "models/graph/doubleconv.h"

namespace deepterra {

DoubleConv DoubleConv::declare(LayerGraph &g, const std::string &path, int in, int out, bool batchNorm)
{
    DoubleConv d;
    d.conv1 = g.declareConv2d(path + ".conv1", in, out, 3, 1, 1, !batchNorm);
    d.conv2 = g.declareConv2d(path + ".conv2", out, out, 3, 1, 1, !batchNorm);
    if (batchNorm) {
        d.bn1 = g.declareBatchNorm2d(path + ".bn1", out);
        d.bn2 = g.declareBatchNorm2d(path + ".bn2", out);
    }
    return d;
}

int DoubleConv::apply(LayerGraph &g, int x) const
{
    x = g.apply(conv1, x);
    if (bn1 >= 0)
        x = g.apply(bn1, x);
    x = g.activation(x, Activation::ReLU);
    x = g.apply(conv2, x);
    if (bn2 >= 0)
        x = g.apply(bn2, x);
    return g.activation(x, Activation::ReLU);
}

std::vector<int> DoubleConv::weights() const
{
    std::vector<int> all { conv1, conv2 };
    if (bn1 >= 0)
        all.insert(all.end(), { bn1, bn2 });
    return all;
}

} // namespace deepterra
