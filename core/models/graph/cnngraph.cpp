#include "models/graph/networkgraph.h"

namespace deepterra {

// Convolution blocks, flatten, dense head; outputs class logits (softmax lives in the loss and in
// inference, where probabilities are wanted).
LayerGraph NetworkGraph::cnn(const CnnSpec &spec)
{
    LayerGraph g(4);
    struct Block
    {
        int conv = -1;
        int norm = -1;
    };
    std::vector<Block> blocks;
    int channels = spec.inputChannels;
    for (std::size_t i = 0; i < spec.blocks.size(); ++i) {
        const ConvBlockSpec &b = spec.blocks[i];
        const std::string prefix = "block" + std::to_string(i + 1);
        Block block;
        block.conv = g.declareConv2d(prefix + "_conv", channels, b.filters, b.kernel, b.stride,
                                     b.samePadding ? b.kernel / 2 : 0);
        if (b.batchNorm)
            block.norm = g.declareBatchNorm2d(prefix + "_bn", b.filters);
        blocks.push_back(block);
        channels = b.filters;
    }
    // The dense head's input size follows from the convolutions' arithmetic.
    LayerGraph convolutions = g;
    int x = convolutions.input();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        x = convolutions.apply(blocks[i].conv, x);
        if (spec.blocks[i].pool > 1)
            x = convolutions.maxPool(x, spec.blocks[i].pool);
    }
    const auto sizes
        = convolutions.shapes({ 1, spec.inputChannels, spec.inputHeight, spec.inputWidth })[std::size_t(x)];
    int features = int(sizes[1] * sizes[2] * sizes[3]);
    std::vector<int> dense;
    for (std::size_t i = 0; i < spec.denseUnits.size(); ++i) {
        dense.push_back(g.declareDense("dense" + std::to_string(i + 1), features, spec.denseUnits[i]));
        features = spec.denseUnits[i];
    }
    const int output = g.declareDense("output", features, spec.classes);

    x = g.input();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const ConvBlockSpec &b = spec.blocks[i];
        const QString prefix = QStringLiteral("block%1").arg(i + 1);
        x = g.apply(blocks[i].conv, x);
        g.describe(prefix + QStringLiteral(".conv"),
                   QStringLiteral("Conv2d(%1x%1, %2)").arg(b.kernel).arg(b.samePadding ? "same" : "valid"), x,
                   { blocks[i].conv });
        if (blocks[i].norm >= 0) {
            x = g.apply(blocks[i].norm, x);
            g.describe(prefix + QStringLiteral(".bn"), QStringLiteral("BatchNorm2d"), x, { blocks[i].norm });
        }
        x = g.activation(x, b.activation);
        if (b.pool > 1) {
            x = g.maxPool(x, b.pool);
            g.describe(prefix + QStringLiteral(".pool"), QStringLiteral("MaxPool2d(%1x%1)").arg(b.pool), x);
        }
        x = g.dropout(x, b.dropout);
    }
    x = g.flatten(x);
    g.describe(QStringLiteral("flatten"), QStringLiteral("Flatten"), x);
    for (std::size_t i = 0; i < dense.size(); ++i) {
        x = g.activation(g.apply(dense[i], x), spec.denseActivation);
        g.describe(QStringLiteral("dense%1").arg(i + 1), QStringLiteral("Linear"), x, { dense[i] });
        x = g.dropout(x, spec.denseDropout);
    }
    x = g.apply(output, x);
    g.describe(QStringLiteral("output"), QStringLiteral("Linear (logits)"), x, { output });
    g.setOutput(x);
    return g;
}

} // namespace deepterra
