#include "export/torchscriptsource.h"

#include "export/unetinferencesource.h"

#include <QStringList>

namespace deepterra {

namespace {

// Lines of the forward body, indented once.
class Body
{
public:
    void add(const QString &line) { m_lines << QStringLiteral("    ") + line; }
    QString function() const
    {
        return QStringLiteral("def forward(self, x):\n") + m_lines.join(QLatin1Char('\n'))
            + QLatin1Char('\n');
    }

private:
    QStringList m_lines;
};

QString activation(const QString &x, Activation kind)
{
    switch (kind) {
    case Activation::None:
        return x;
    case Activation::ReLU:
        return QStringLiteral("torch.relu(%1)").arg(x);
    case Activation::LeakyReLU:
        return QStringLiteral("torch.leaky_relu(%1, 0.01)").arg(x);
    case Activation::ELU:
        return QStringLiteral("torch.elu(%1)").arg(x);
    case Activation::GELU:
        return QStringLiteral("torch.gelu(%1)").arg(x);
    case Activation::Tanh:
        return QStringLiteral("torch.tanh(%1)").arg(x);
    case Activation::Sigmoid:
        return QStringLiteral("torch.sigmoid(%1)").arg(x);
    }
    return x;
}

QString conv(const QString &x, const QString &module, int stride, int padding, bool bias = true)
{
    return QStringLiteral("torch.conv2d(%1, self.%2_weight, %3, [%4, %4], [%5, %5])")
        .arg(x, module, bias ? QStringLiteral("self.%1_bias").arg(module) : QStringLiteral("None"))
        .arg(stride)
        .arg(padding);
}

// torch::nn::BatchNorm2d in evaluation mode: running statistics, LibTorch's default eps.
QString batchNorm(const QString &x, const QString &module)
{
    return QStringLiteral("torch.batch_norm(%1, self.%2_weight, self.%2_bias, self.%2_running_mean, "
                          "self.%2_running_var, False, 0.1, 1e-05, True)")
        .arg(x, module);
}

QString linear(const QString &x, const QString &module)
{
    return QStringLiteral("torch.linear(%1, self.%2_weight, self.%2_bias)").arg(x, module);
}

QString maxPool(const QString &x, int window)
{
    return QStringLiteral("torch.max_pool2d(%1, [%2, %2], [%2, %2])").arg(x).arg(window);
}

QString transpose2x2(const QString &x, const QString &module)
{
    return QStringLiteral("torch.conv_transpose2d(%1, self.%2_weight, self.%2_bias, [2, 2])").arg(x, module);
}

QString cnn(const CnnSpec &spec)
{
    Body body;
    for (std::size_t i = 0; i < spec.blocks.size(); ++i) {
        const ConvBlockSpec &b = spec.blocks[i];
        const QString prefix = QStringLiteral("block%1").arg(i + 1);
        body.add(QStringLiteral("x = ")
                 + conv(QStringLiteral("x"), prefix + QStringLiteral("_conv"), b.stride,
                        b.samePadding ? b.kernel / 2 : 0));
        if (b.batchNorm)
            body.add(QStringLiteral("x = ") + batchNorm(QStringLiteral("x"), prefix + QStringLiteral("_bn")));
        if (b.activation != Activation::None)
            body.add(QStringLiteral("x = ") + activation(QStringLiteral("x"), b.activation));
        if (b.pool > 1)
            body.add(QStringLiteral("x = ") + maxPool(QStringLiteral("x"), b.pool));
    }
    body.add(QStringLiteral("x = torch.flatten(x, 1)"));
    for (std::size_t i = 0; i < spec.denseUnits.size(); ++i)
        body.add(QStringLiteral("x = ")
                 + activation(linear(QStringLiteral("x"), QStringLiteral("dense%1").arg(i + 1)),
                              spec.denseActivation));
    body.add(QStringLiteral("return ") + linear(QStringLiteral("x"), QStringLiteral("output")));
    return body.function();
}

void doubleConv(Body &body, const QString &module, bool batchNormed)
{
    for (const char *n : { "1", "2" }) {
        QString x = conv(QStringLiteral("x"), module + QStringLiteral("_conv") + QLatin1String(n), 1, 1,
                         !batchNormed);
        if (batchNormed)
            x = batchNorm(x, module + QStringLiteral("_bn") + QLatin1String(n));
        body.add(QStringLiteral("x = torch.relu(%1)").arg(x));
    }
}

QString unet(const UNetSpec &spec, TorchScriptSource::Form form)
{
    if (form == TorchScriptSource::Form::Inference)
        return UNetInferenceSource::forward(spec);
    Body body;
    for (int level = 0; level < spec.depth; ++level) {
        doubleConv(body, QStringLiteral("down%1").arg(level + 1), spec.batchNorm);
        body.add(QStringLiteral("skip%1 = x").arg(level + 1));
        body.add(QStringLiteral("x = ") + maxPool(QStringLiteral("x"), 2));
    }
    doubleConv(body, QStringLiteral("bottleneck"), spec.batchNorm);
    for (int level = spec.depth - 1; level >= 0; --level) {
        const QString name = QStringLiteral("up%1").arg(level + 1);
        const QString skip = QStringLiteral("skip%1").arg(level + 1);
        if (spec.upsampling == Upsampling::Transpose) {
            body.add(QStringLiteral("x = ")
                     + transpose2x2(QStringLiteral("x"), name + QStringLiteral("_transpose")));
        } else {
            const QString size = QStringLiteral("[%1.size(2), %1.size(3)]").arg(skip);
            body.add(spec.upsampling == Upsampling::Bilinear
                         ? QStringLiteral("x = torch.upsample_bilinear2d(x, %1, False, None, None)").arg(size)
                         : QStringLiteral("x = torch.upsample_nearest2d(x, %1, None, None)").arg(size));
            body.add(QStringLiteral("x = ")
                     + conv(QStringLiteral("x"), name + QStringLiteral("_reduce"), 1, 0));
        }
        body.add(QStringLiteral("x = torch.cat([x, %1], 1)").arg(skip));
        doubleConv(body, name, spec.batchNorm);
    }
    body.add(QStringLiteral("return ") + conv(QStringLiteral("x"), QStringLiteral("head"), 1, 0));
    return body.function();
}

QString recurrent(const RecurrentSpec &spec)
{
    const bool lstm = spec.cell == RecurrentCell::Lstm;
    const QString module = lstm ? QStringLiteral("lstm") : QStringLiteral("gru");
    QStringList weights;
    for (int layer = 0; layer < spec.layers; ++layer)
        for (const char *w : { "weight_ih_l", "weight_hh_l", "bias_ih_l", "bias_hh_l" })
            weights << QStringLiteral("self.%1_%2%3").arg(module, QLatin1String(w)).arg(layer);
    Body body;
    // The zero initial state LibTorch's LSTM/GRU modules create when none is given.
    body.add(QStringLiteral("h0 = torch.zeros([%1, x.size(0), %2], dtype=x.dtype, device=x.device)")
                 .arg(spec.layers)
                 .arg(spec.hiddenSize));
    if (lstm)
        body.add(
            QStringLiteral("sequence = torch.lstm(x, [h0, h0], [%1], True, %2, 0.0, False, False, True)[0]")
                .arg(weights.join(QStringLiteral(", ")))
                .arg(spec.layers));
    else
        body.add(QStringLiteral("sequence = torch.gru(x, h0, [%1], True, %2, 0.0, False, False, True)[0]")
                     .arg(weights.join(QStringLiteral(", ")))
                     .arg(spec.layers));
    body.add(QStringLiteral("last = sequence.select(1, sequence.size(1) - 1)"));
    body.add(QStringLiteral("y = ") + linear(QStringLiteral("last"), QStringLiteral("output")));
    body.add(QStringLiteral("return y.view([y.size(0), %1, %2])").arg(spec.horizon).arg(spec.targets));
    return body.function();
}

QString denseAutoencoder(const DenseAutoencoderSpec &spec)
{
    Body body;
    body.add(QStringLiteral("shape = x.size()"));
    body.add(QStringLiteral("x = torch.flatten(x, 1)"));
    const std::size_t layers = spec.encoderLayers.size() + 1;
    for (std::size_t i = 0; i < layers; ++i)
        body.add(QStringLiteral("x = ")
                 + activation(linear(QStringLiteral("x"), QStringLiteral("encoder%1").arg(i + 1)),
                              spec.activation));
    for (std::size_t i = 0; i < layers; ++i) {
        const bool last = i + 1 == layers;
        const QString x = linear(QStringLiteral("x"), QStringLiteral("decoder%1").arg(i + 1));
        body.add(QStringLiteral("x = ")
                 + (last ? (spec.sigmoidOutput ? QStringLiteral("torch.sigmoid(%1)").arg(x) : x)
                         : activation(x, spec.activation)));
    }
    body.add(QStringLiteral("return x.view(shape)"));
    return body.function();
}

QString convAutoencoder(const ConvAutoencoderSpec &spec)
{
    Body body;
    for (int level = 0; level < spec.depth; ++level)
        body.add(
            QStringLiteral("x = ")
            + maxPool(QStringLiteral("torch.relu(%1)")
                          .arg(conv(QStringLiteral("x"), QStringLiteral("encoder%1").arg(level + 1), 1, 1)),
                      2));
    const int bottomChannels = spec.baseFilters << (spec.depth - 1);
    const int bottomSize = spec.inputSize >> spec.depth;
    body.add(QStringLiteral("x = ")
             + linear(QStringLiteral("torch.flatten(x, 1)"), QStringLiteral("latent")));
    body.add(QStringLiteral("x = torch.relu(%1).view([x.size(0), %2, %3, %3])")
                 .arg(linear(QStringLiteral("x"), QStringLiteral("expand")))
                 .arg(bottomChannels)
                 .arg(bottomSize));
    for (int i = 0; i < spec.depth; ++i)
        body.add(QStringLiteral("x = torch.relu(%1)")
                     .arg(transpose2x2(QStringLiteral("x"), QStringLiteral("decoder%1").arg(i + 1))));
    body.add(QStringLiteral("return ") + conv(QStringLiteral("x"), QStringLiteral("head"), 1, 0));
    return body.function();
}

} // namespace

QString TorchScriptSource::forward(const ModelSpec &spec, Form form)
{
    switch (spec.kind()) {
    case ModelKind::Cnn:
        return cnn(spec.as<CnnSpec>());
    case ModelKind::UNet:
        return unet(spec.as<UNetSpec>(), form);
    case ModelKind::Recurrent:
        return recurrent(spec.as<RecurrentSpec>());
    case ModelKind::DenseAutoencoder:
        return denseAutoencoder(spec.as<DenseAutoencoderSpec>());
    case ModelKind::ConvAutoencoder:
        return convAutoencoder(spec.as<ConvAutoencoderSpec>());
    }
    return {};
}

std::string TorchScriptSource::attributeName(const std::string &parameterName)
{
    std::string name = parameterName;
    for (char &c : name)
        if (c == '.')
            c = '_';
    return name;
}

} // namespace deepterra
