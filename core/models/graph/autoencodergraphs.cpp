#include "models/graph/networkgraph.h"

namespace deepterra {

// Fully connected autoencoder: flat vectors in, the same shape out.
LayerGraph NetworkGraph::denseAutoencoder(const DenseAutoencoderSpec &spec)
{
    LayerGraph g(0); // series windows and image patches alike, flattened
    std::vector<int> sizes { spec.inputSize };
    sizes.insert(sizes.end(), spec.encoderLayers.begin(), spec.encoderLayers.end());
    sizes.push_back(spec.latent);
    std::vector<int> encoder, decoder;
    for (std::size_t i = 0; i + 1 < sizes.size(); ++i)
        encoder.push_back(g.declareDense("encoder" + std::to_string(i + 1), sizes[i], sizes[i + 1]));
    for (std::size_t i = sizes.size() - 1; i > 0; --i)
        decoder.push_back(
            g.declareDense("decoder" + std::to_string(sizes.size() - i), sizes[i], sizes[i - 1]));

    int x = g.flatten(g.input());
    for (std::size_t i = 0; i < encoder.size(); ++i) {
        x = g.activation(g.apply(encoder[i], x), spec.activation);
        g.describe(QStringLiteral("encoder%1").arg(i + 1),
                   i + 1 == encoder.size() ? QStringLiteral("Linear (latent)") : QStringLiteral("Linear"), x,
                   { encoder[i] });
    }
    for (std::size_t i = 0; i < decoder.size(); ++i) {
        const bool last = i + 1 == decoder.size();
        x = g.apply(decoder[i], x);
        x = g.activation(x,
                         !last                    ? spec.activation
                             : spec.sigmoidOutput ? Activation::Sigmoid
                                                  : Activation::None);
        g.describe(QStringLiteral("decoder%1").arg(i + 1),
                   last && spec.sigmoidOutput ? QStringLiteral("Linear+Sigmoid") : QStringLiteral("Linear"),
                   x, { decoder[i] });
    }
    g.setOutput(g.reshapeLike(x, g.input()));
    return g;
}

// Convolutional autoencoder on square patches: convolutions and pooling down to a dense latent
// vector, transposed convolutions back up.
LayerGraph NetworkGraph::convAutoencoder(const ConvAutoencoderSpec &spec)
{
    LayerGraph g(4);
    std::vector<int> encoder, decoder;
    int channels = spec.inputChannels;
    for (int level = 0; level < spec.depth; ++level) {
        const int filters = spec.baseFilters << level;
        encoder.push_back(g.declareConv2d("encoder" + std::to_string(level + 1), channels, filters, 3, 1, 1));
        channels = filters;
    }
    const int bottomChannels = channels;
    const int bottomSize = spec.inputSize >> spec.depth;
    const int flat = bottomChannels * bottomSize * bottomSize;
    const int toLatent = g.declareDense("latent", flat, spec.latent);
    const int fromLatent = g.declareDense("expand", spec.latent, flat);
    for (int level = spec.depth - 1; level >= 0; --level) {
        const int filters = level > 0 ? spec.baseFilters << (level - 1) : spec.baseFilters;
        decoder.push_back(g.declareConvTranspose2d("decoder" + std::to_string(spec.depth - level), channels,
                                                   filters, 2, 2));
        channels = filters;
    }
    const int head = g.declareConv2d("head", channels, spec.inputChannels, 1);

    int x = g.input();
    for (std::size_t i = 0; i < encoder.size(); ++i) {
        x = g.maxPool(g.activation(g.apply(encoder[i], x), Activation::ReLU), 2);
        g.describe(QStringLiteral("encoder%1").arg(i + 1), QStringLiteral("Conv2d(3x3)+MaxPool2d"), x,
                   { encoder[i] });
    }
    x = g.apply(toLatent, g.flatten(x));
    g.describe(QStringLiteral("latent"), QStringLiteral("Linear"), x, { toLatent });
    x = g.activation(g.apply(fromLatent, x), Activation::ReLU);
    x = g.reshape(x, { bottomChannels, bottomSize, bottomSize });
    g.describe(QStringLiteral("expand"), QStringLiteral("Linear"), x, { fromLatent });
    for (std::size_t i = 0; i < decoder.size(); ++i) {
        x = g.activation(g.apply(decoder[i], x), Activation::ReLU);
        g.describe(QStringLiteral("decoder%1").arg(i + 1), QStringLiteral("ConvTranspose2d(2x2)"), x,
                   { decoder[i] });
    }
    x = g.apply(head, x);
    g.describe(QStringLiteral("head"), QStringLiteral("Conv2d(1x1)"), x, { head });
    g.setOutput(x);
    return g;
}

} // namespace deepterra
