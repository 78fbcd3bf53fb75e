#include "models/graph/networkgraph.h"

namespace deepterra {

namespace {

// Two 3x3 "same" convolutions, each followed by optional batch norm and ReLU. Without batch norm
// the convolutions need their bias; with it, the norm's shift replaces it.
struct DoubleConv
{
    int conv1 = -1, conv2 = -1, bn1 = -1, bn2 = -1;

    static DoubleConv declare(LayerGraph &g, const std::string &path, int in, int out, bool batchNorm)
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

    int apply(LayerGraph &g, int x) const
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

    std::vector<int> weights() const
    {
        std::vector<int> all { conv1, conv2 };
        if (bn1 >= 0)
            all.insert(all.end(), { bn1, bn2 });
        return all;
    }
};

} // namespace

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
    channels = bottom;
    struct UpLevel
    {
        int resample = -1; // the transposed convolution, or the 1x1 convolution after a resize
        DoubleConv conv;
    };
    std::vector<UpLevel> up;
    for (int level = spec.depth - 1; level >= 0; --level) {
        const int filters = spec.baseFilters << level;
        const std::string name = "up" + std::to_string(level + 1);
        UpLevel u;
        u.resample = spec.upsampling == Upsampling::Transpose
            ? g.declareConvTranspose2d(name + "_transpose", channels, filters, 2, 2)
            : g.declareConv2d(name + "_reduce", channels, filters, 1);
        u.conv = DoubleConv::declare(g, name, 2 * filters, filters, spec.batchNorm);
        up.push_back(u);
        channels = filters;
    }
    const int head = g.declareConv2d("head", channels, spec.classes, 1);

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
    for (std::size_t i = 0; i < up.size(); ++i) {
        const int skip = skips[skips.size() - 1 - i];
        const QString name = QStringLiteral("up%1").arg(up.size() - i);
        if (spec.upsampling == Upsampling::Transpose) {
            x = g.apply(up[i].resample, x);
            g.describe(name + QStringLiteral(".transpose"), QStringLiteral("ConvTranspose2d(2x2)"), x,
                       { up[i].resample });
        } else {
            x = g.apply(up[i].resample, g.upsample(x, skip, spec.upsampling));
            g.describe(name + QStringLiteral(".resize"),
                       spec.upsampling == Upsampling::Bilinear ? QStringLiteral("Upsample(bilinear)+Conv1x1")
                                                               : QStringLiteral("Upsample(nearest)+Conv1x1"),
                       x, { up[i].resample });
        }
        x = up[i].conv.apply(g, g.concat({ x, skip }));
        g.describe(name, QStringLiteral("Concat+DoubleConv(3x3)"), x, up[i].conv.weights());
    }
    x = g.apply(head, x);
    g.describe(QStringLiteral("head"), QStringLiteral("Conv2d(1x1, logits)"), x, { head });
    g.setOutput(x);
    return g;
}

} // namespace deepterra
