#include "models/graph/networkgraph.h"
#include "models/graph/unetdecoder.h"

namespace deepterra {

namespace {

// ResNet's basic block (He et al. 2016): 3x3 convolution, batch norm, ReLU, 3x3 convolution, batch
// norm, added to the shortcut, ReLU. The shortcut is the block's input itself, or a 1x1
// convolution with batch norm (a projection) where the block changes the channels or the stride.
// The convolutions have no bias: the batch norm's shift replaces it.
struct ResidualBlock
{
    int conv1 = -1, bn1 = -1, conv2 = -1, bn2 = -1;
    int projection = -1, projectionNorm = -1;
    int stride = 1;

    static ResidualBlock declare(LayerGraph &g, const std::string &path, int in, int out, int stride)
    {
        ResidualBlock b;
        b.stride = stride;
        b.conv1 = g.declareConv2d(path + ".conv1", in, out, 3, stride, 1, false);
        b.bn1 = g.declareBatchNorm2d(path + ".bn1", out);
        b.conv2 = g.declareConv2d(path + ".conv2", out, out, 3, 1, 1, false);
        b.bn2 = g.declareBatchNorm2d(path + ".bn2", out);
        if (in != out || stride != 1) {
            b.projection = g.declareConv2d(path + ".shortcut", in, out, 1, stride, 0, false);
            b.projectionNorm = g.declareBatchNorm2d(path + ".shortcut_bn", out);
        }
        return b;
    }

    int apply(LayerGraph &g, int x) const
    {
        // The shortcut comes first, so that the optimised inference form (InferenceForm) can add
        // the second convolution's output onto it in place, with the ReLU after, in one step.
        int shortcut = x;
        if (projection >= 0)
            shortcut = g.apply(projectionNorm, g.apply(projection, x));
        int y = g.activation(g.apply(bn1, g.apply(conv1, x)), Activation::ReLU);
        y = g.apply(bn2, g.apply(conv2, y));
        return g.activation(g.add(y, shortcut), Activation::ReLU);
    }

    std::vector<int> weights() const
    {
        std::vector<int> all { conv1, bn1, conv2, bn2 };
        if (projection >= 0)
            all.insert(all.end(), { projection, projectionNorm });
        return all;
    }

    QString type() const
    {
        QString text = QStringLiteral("ResBlock(3x3");
        if (stride != 1)
            text += QStringLiteral(", stride %1").arg(stride);
        if (projection >= 0)
            text += QStringLiteral(", projection");
        return text + QLatin1Char(')');
    }
};

} // namespace

// U-Net with a ResNet-style encoder: per-pixel class logits at the input resolution. Level 1 runs
// at full resolution; each deeper level, the bottleneck last, halves it and doubles the channels.
// A level halves the resolution in the stride-2 first convolution of its first block (and its
// projection shortcut), as ResNet does, rather than by max-pooling first: the convolution learns
// what to keep of each 2x2 neighbourhood instead of keeping its largest value, and it computes
// only the coarser level's pixels, a quarter of the work of a full-resolution convolution followed
// by pooling. The input's height and width must be multiples of 2^depth.
LayerGraph NetworkGraph::resUNet(const ResUNetSpec &spec)
{
    LayerGraph g(4);
    struct Level
    {
        QString name;
        std::vector<ResidualBlock> blocks;
    };
    std::vector<Level> levels;
    int channels = spec.inputChannels;
    for (int level = 0; level <= spec.depth; ++level) {
        const int filters = spec.baseFilters << level;
        Level l;
        l.name = level < spec.depth ? QStringLiteral("down%1").arg(level + 1) : QStringLiteral("bottleneck");
        for (int b = 0; b < spec.blocksPerLevel; ++b) {
            const std::string path = l.name.toStdString() + ".block" + std::to_string(b + 1);
            l.blocks.push_back(ResidualBlock::declare(g, path, b == 0 ? channels : filters, filters,
                                                      b == 0 && level > 0 ? 2 : 1));
        }
        levels.push_back(std::move(l));
        channels = filters;
    }
    const UNetDecoder decoder = UNetDecoder::declare(
        g, channels, { spec.depth, spec.baseFilters, true, spec.upsampling, spec.classes });

    int x = g.input();
    std::vector<int> skips;
    for (const Level &level : levels) {
        for (std::size_t b = 0; b < level.blocks.size(); ++b) {
            x = level.blocks[b].apply(g, x);
            g.describe(QStringLiteral("%1.block%2").arg(level.name).arg(b + 1), level.blocks[b].type(), x,
                       level.blocks[b].weights());
        }
        if (&level != &levels.back())
            skips.push_back(x);
    }
    if (spec.dropout > 0.0) {
        x = g.dropout(x, spec.dropout);
        g.describe(QStringLiteral("bottleneck.dropout"), QStringLiteral("Dropout(%1)").arg(spec.dropout), x);
    }
    g.setOutput(decoder.apply(g, x, skips));
    return g;
}

} // namespace deepterra
