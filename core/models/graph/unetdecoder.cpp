#include "models/graph/unetdecoder.h"

#include <stdexcept>

namespace deepterra {

UNetDecoder UNetDecoder::declare(LayerGraph &g, int channels, const Options &options)
{
    UNetDecoder decoder;
    decoder.m_upsampling = options.upsampling;
    for (int level = options.depth - 1; level >= 0; --level) {
        const int filters = options.baseFilters << level;
        const std::string name = "up" + std::to_string(level + 1);
        Level l;
        l.resample = options.upsampling == Upsampling::Transpose
            ? g.declareConvTranspose2d(name + "_transpose", channels, filters, 2, 2)
            : g.declareConv2d(name + "_reduce", channels, filters, 1);
        l.conv = DoubleConv::declare(g, name, 2 * filters, filters, options.batchNorm);
        decoder.m_levels.push_back(l);
        channels = filters;
    }
    decoder.m_head = g.declareConv2d("head", channels, options.classes, 1);
    return decoder;
}

int UNetDecoder::apply(LayerGraph &g, int x, const std::vector<int> &skips) const
{
    if (skips.size() != m_levels.size())
        throw std::logic_error("a U-Net decoder needs one skip per level");
    for (std::size_t i = 0; i < m_levels.size(); ++i) {
        const Level &level = m_levels[i];
        const int skip = skips[skips.size() - 1 - i];
        const QString name = QStringLiteral("up%1").arg(m_levels.size() - i);
        if (m_upsampling == Upsampling::Transpose) {
            x = g.apply(level.resample, x);
            g.describe(name + QStringLiteral(".transpose"), QStringLiteral("ConvTranspose2d(2x2)"), x,
                       { level.resample });
        } else {
            x = g.apply(level.resample, g.upsample(x, skip, m_upsampling));
            g.describe(name + QStringLiteral(".resize"),
                       m_upsampling == Upsampling::Bilinear ? QStringLiteral("Upsample(bilinear)+Conv1x1")
                                                            : QStringLiteral("Upsample(nearest)+Conv1x1"),
                       x, { level.resample });
        }
        x = level.conv.apply(g, g.concat({ x, skip }));
        g.describe(name, QStringLiteral("Concat+DoubleConv(3x3)"), x, level.conv.weights());
    }
    x = g.apply(m_head, x);
    g.describe(QStringLiteral("head"), QStringLiteral("Conv2d(1x1, logits)"), x, { m_head });
    return x;
}

} // namespace deepterra
