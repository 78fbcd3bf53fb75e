#include "models/graph/networkgraph.h"
#include "models/graph/unetdecoder.h"

namespace deepterra {

// U-Net: per-pixel class logits at the input resolution. The input's height and width must be
// multiples of 2^depth (the patch sampler and the tiler guarantee it).
LayerGraph NetworkGraph::unet(const UNetSpec &spec)
{
    LayerGraph g(4);
    std::vector<DoubleConv> down;
    int channels = spec.inputChannels;
    for (int level = 0; level < spec.depth; ++level) {
        const int filters = spec.baseFilters << level;
        down.push_back(
            DoubleConv::declare(g, "down" + std::to_string(level + 1), channels, filters, spec.batchNorm));
        channels = filters;
    }
    const int bottom = spec.baseFilters << spec.depth;
    const DoubleConv bottleneck = DoubleConv::declare(g, "bottleneck", channels, bottom, spec.batchNorm);
    const UNetDecoder decoder = UNetDecoder::declare(
        g, bottom, { spec.depth, spec.baseFilters, spec.batchNorm, spec.upsampling, spec.classes });

    int x = g.input();
    std::vector<int> skips;
    for (std::size_t i = 0; i < down.size(); ++i) {
        x = down[i].apply(g, x);
        g.describe(QStringLiteral("down%1").arg(i + 1), QStringLiteral("DoubleConv(3x3)"), x,
                   down[i].weights());
        skips.push_back(x);
        x = g.maxPool(x, 2);
        g.describe(QStringLiteral("down%1.pool").arg(i + 1), QStringLiteral("MaxPool2d(2x2)"), x);
    }
    x = g.dropout(bottleneck.apply(g, x), spec.dropout);
    g.describe(QStringLiteral("bottleneck"), QStringLiteral("DoubleConv(3x3)"), x, bottleneck.weights());
    g.setOutput(decoder.apply(g, x, skips));
    return g;
}

} // namespace deepterra
