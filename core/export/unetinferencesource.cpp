#include "export/unetinferencesource.h"

#include <QStringList>

namespace deepterra {

namespace {

// torch.channels_last: TorchScript compiled from C++ (no Python resolver) knows memory formats by
// their c10::MemoryFormat value only.
const QLatin1String kChannelsLast("memory_format=2");

struct Convolution
{
    QString weight; // an expression of the attributes, in channels-last order
    QString bias;
};

QString convolve(const QString &x, const QString &weight, const QString &bias, int padding)
{
    return QStringLiteral("torch.mkldnn_convolution(%1, %2, %3, [%4, %4], [1, 1], [1, 1], 1)")
        .arg(x, weight, bias)
        .arg(padding);
}

class UNetInferenceWriter
{
public:
    explicit UNetInferenceWriter(const UNetSpec &spec)
        : m_spec(spec)
    { }

    QString forward()
    {
        add(QStringLiteral("x = x.contiguous(%1)").arg(kChannelsLast));
        for (int level = 0; level < m_spec.depth; ++level) {
            doubleConv(QStringLiteral("down%1").arg(level + 1));
            add(QStringLiteral("skip%1 = x").arg(level + 1));
            add(QStringLiteral("x = torch.max_pool2d(x, [2, 2], [2, 2])"));
        }
        doubleConv(QStringLiteral("bottleneck"));
        for (int level = m_spec.depth - 1; level >= 0; --level) {
            const QString name = QStringLiteral("up%1").arg(level + 1);
            const QString skip = QStringLiteral("skip%1").arg(level + 1);
            const int channels = m_spec.baseFilters << level;
            if (m_spec.upsampling == Upsampling::Transpose)
                transpose2x2(name + QStringLiteral("_transpose"), channels);
            else
                resize(name + QStringLiteral("_reduce"), skip);
            doubleConv(name, skip, channels);
        }
        add(QStringLiteral("return %1.contiguous()")
                .arg(convolve(QStringLiteral("x"), QStringLiteral("self.head_weight"),
                              QStringLiteral("self.head_bias"), 0)));
        return QStringLiteral("def forward(self, x):\n") + m_lines.join(QLatin1Char('\n'))
            + QLatin1Char('\n');
    }

private:
    void add(const QString &line) { m_lines << QStringLiteral("    ") + line; }

    // A 3x3 convolution and the batch norm after it as one convolution: w * s, b - mean * s with
    // s = gamma / sqrt(var + eps). Freezing evaluates the expressions.
    Convolution folded(const QString &module, const char *n)
    {
        const QString conv = QStringLiteral("self.%1_conv%2").arg(module, QLatin1String(n));
        if (!m_spec.batchNorm)
            return { QStringLiteral("%1_weight").arg(conv), QStringLiteral("%1_bias").arg(conv) };
        const QString bn = QStringLiteral("self.%1_bn%2").arg(module, QLatin1String(n));
        add(QStringLiteral("s = %1_weight / torch.sqrt(%1_running_var + 1e-05)").arg(bn));
        return { QStringLiteral("%1_weight * s.view([-1, 1, 1, 1])").arg(conv),
                 QStringLiteral("%1_bias - %1_running_mean * s").arg(bn) };
    }

    // Two 3x3 convolutions with batch norm and ReLU. In the decoder the first one's input is the
    // concatenation [x, skip]: its weights are split at the upsampled channels instead.
    void doubleConv(const QString &module, const QString &skip = {}, int upsampledChannels = 0)
    {
        const Convolution first = folded(module, "1");
        if (skip.isEmpty()) {
            add(QStringLiteral("x = torch.relu_(%1)")
                    .arg(convolve(QStringLiteral("x"),
                                  QStringLiteral("(%1).contiguous(%2)").arg(first.weight, kChannelsLast),
                                  first.bias, 1)));
        } else {
            add(QStringLiteral("w = %1").arg(first.weight));
            add(QStringLiteral("x = %1").arg(
                convolve(QStringLiteral("x"),
                         QStringLiteral("w[:, :%1].contiguous(%2)").arg(upsampledChannels).arg(kChannelsLast),
                         first.bias, 1)));
            add(QStringLiteral("x = torch.relu_(x.add_(%1))")
                    .arg(convolve(
                        skip,
                        QStringLiteral("w[:, %1:].contiguous(%2)").arg(upsampledChannels).arg(kChannelsLast),
                        QStringLiteral("None"), 1)));
        }
        const Convolution second = folded(module, "2");
        add(QStringLiteral("x = torch.relu_(%1)")
                .arg(convolve(QStringLiteral("x"),
                              QStringLiteral("(%1).contiguous(%2)").arg(second.weight, kChannelsLast),
                              second.bias, 1)));
    }

    // Weight [in, out, 2, 2] -> [(dy, dx, out), in, 1, 1]: output channel (2 * dy + dx) * out + c.
    // In NHWC memory the result is [n, h, w, dy, dx, c]; the upsampled map is [n, h, dy, w, dx, c].
    void transpose2x2(const QString &module, int channels)
    {
        const QString t = QStringLiteral("self.") + module;
        add(QStringLiteral("y = %1").arg(convolve(
            QStringLiteral("x"),
            QStringLiteral(
                "%1_weight.permute([2, 3, 1, 0]).reshape([-1, %1_weight.size(0), 1, 1]).contiguous(%2)")
                .arg(t, kChannelsLast),
            QStringLiteral("%1_bias.repeat(4)").arg(t), 0)));
        add(QStringLiteral(
                "x = y.permute([0, 2, 3, 1]).reshape([y.size(0), y.size(2), y.size(3), 2, 2, %1])"
                ".permute([0, 1, 3, 2, 4, 5]).reshape([y.size(0), 2 * y.size(2), 2 * y.size(3), %1])"
                ".permute([0, 3, 1, 2])")
                .arg(channels));
    }

    void resize(const QString &module, const QString &skip)
    {
        const QString size = QStringLiteral("[%1.size(2), %1.size(3)]").arg(skip);
        add(m_spec.upsampling == Upsampling::Bilinear
                ? QStringLiteral("x = torch.upsample_bilinear2d(x, %1, False, None, None)").arg(size)
                : QStringLiteral("x = torch.upsample_nearest2d(x, %1, None, None)").arg(size));
        const QString reduce = QStringLiteral("self.") + module;
        add(QStringLiteral("x = %1").arg(convolve(
            QStringLiteral("x"), QStringLiteral("%1_weight.contiguous(%2)").arg(reduce, kChannelsLast),
            reduce + QStringLiteral("_bias"), 0)));
    }

    const UNetSpec &m_spec;
    QStringList m_lines;
};

} // namespace

QString UNetInferenceSource::forward(const UNetSpec &spec)
{
    return UNetInferenceWriter(spec).forward();
}

} // namespace deepterra
