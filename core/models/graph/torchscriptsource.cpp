#include "models/graph/torchscriptsource.h"

#include "models/graph/inferenceform.h"
#include "models/graph/networkgraph.h"

#include <QStringList>

namespace deepterra {

namespace {

// torch.channels_last: TorchScript compiled from C++ (no Python resolver) knows memory formats by
// their c10::MemoryFormat value only.
const QLatin1String kChannelsLast("memory_format=2");

QString value(int node)
{
    return node == 0 ? QStringLiteral("x") : QStringLiteral("x%1").arg(node);
}

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

class SourceWriter
{
public:
    SourceWriter(const LayerGraph &graph, TorchScriptSource::Dropout dropout)
        : m_graph(graph)
        , m_maskedDropout(dropout == TorchScriptSource::Dropout::Masked)
    { }

    QString portable()
    {
        const std::vector<LayerNode> &nodes = m_graph.nodes();
        for (std::size_t i = 1; i < nodes.size(); ++i)
            portableNode(int(i), nodes[i]);
        add(QStringLiteral("return %1").arg(value(m_graph.output())));
        return function();
    }

    QString inference()
    {
        add(QStringLiteral("x = x.contiguous(%1)").arg(kChannelsLast));
        for (const InferenceForm::Step &step : InferenceForm::steps(m_graph)) {
            if (step.conv < 0)
                portableNode(step.node, m_graph.nodes()[std::size_t(step.node)], step.node);
            else if (m_graph.nodes()[std::size_t(step.conv)].op == LayerOp::ConvTranspose2d)
                transposedConvolution(step);
            else
                convolution(step);
        }
        add(QStringLiteral("return %1.contiguous()").arg(value(m_graph.output())));
        return function();
    }

private:
    void add(const QString &line) { m_lines << QStringLiteral("    ") + line; }
    QString function() const
    {
        return (m_maskedDropout ? QStringLiteral("def forward(self, x, masks: List[Tensor]):\n")
                                : QStringLiteral("def forward(self, x):\n"))
            + m_lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    }

    const LayerWeights &weightsOf(int node) const
    {
        return m_graph.weights()[std::size_t(m_graph.nodes()[std::size_t(node)].weights)];
    }
    static QString tensor(const LayerWeights &w, const char *name)
    {
        return QStringLiteral("self.%1_%2")
            .arg(QString::fromStdString(TorchScriptSource::attributeName(w.path)), QLatin1String(name));
    }

    // The node as the training module computes it, assigned to its value (or to `target`).
    void portableNode(int index, const LayerNode &node, int target = -1)
    {
        const QString out = value(target < 0 ? index : target);
        const QString x = node.inputs.empty() ? QString() : value(node.inputs[0]);
        const LayerWeights *w = node.weights >= 0 ? &m_graph.weights()[std::size_t(node.weights)] : nullptr;
        switch (node.op) {
        case LayerOp::Input:
            return;
        case LayerOp::Conv2d:
            add(QStringLiteral("%1 = torch.conv2d(%2, %3, %4, [%5, %5], [%6, %6])")
                    .arg(out, x, tensor(*w, "weight"), w->bias ? tensor(*w, "bias") : QStringLiteral("None"))
                    .arg(w->stride)
                    .arg(w->padding));
            return;
        case LayerOp::ConvTranspose2d:
            add(QStringLiteral("%1 = torch.conv_transpose2d(%2, %3, %4, [%5, %5])")
                    .arg(out, x, tensor(*w, "weight"), tensor(*w, "bias"))
                    .arg(w->stride));
            return;
        case LayerOp::BatchNorm2d:
            // torch::nn::BatchNorm2d in evaluation mode: running statistics, LibTorch's default eps.
            add(QStringLiteral("%1 = torch.batch_norm(%2, %3, %4, %5, %6, False, 0.1, 1e-05, True)")
                    .arg(out, x, tensor(*w, "weight"), tensor(*w, "bias"), tensor(*w, "running_mean"),
                         tensor(*w, "running_var")));
            return;
        case LayerOp::Dense:
            add(QStringLiteral("%1 = torch.linear(%2, %3, %4)")
                    .arg(out, x, tensor(*w, "weight"), tensor(*w, "bias")));
            return;
        case LayerOp::Recurrent:
            recurrent(out, x, *w);
            return;
        case LayerOp::Activation:
            add(QStringLiteral("%1 = %2").arg(out, activation(x, node.activation)));
            return;
        case LayerOp::MaxPool2d:
            add(QStringLiteral("%1 = torch.max_pool2d(%2, [%3, %3], [%3, %3])").arg(out, x).arg(node.window));
            return;
        case LayerOp::Upsample: {
            const QString size = QStringLiteral("[%1.size(2), %1.size(3)]").arg(value(node.inputs[1]));
            add(node.upsampling == Upsampling::Bilinear
                    ? QStringLiteral("%1 = torch.upsample_bilinear2d(%2, %3, False, None, None)")
                          .arg(out, x, size)
                    : QStringLiteral("%1 = torch.upsample_nearest2d(%2, %3, None, None)").arg(out, x, size));
            return;
        }
        case LayerOp::Concat: {
            QStringList parts;
            for (int input : node.inputs)
                parts << value(input);
            add(QStringLiteral("%1 = torch.cat([%2], 1)").arg(out, parts.join(QStringLiteral(", "))));
            return;
        }
        case LayerOp::Add:
            add(QStringLiteral("%1 = torch.add(%2, %3)").arg(out, x, value(node.inputs[1])));
            return;
        case LayerOp::Flatten:
            add(QStringLiteral("%1 = torch.flatten(%2, 1)").arg(out, x));
            return;
        case LayerOp::Dropout:
            if (m_maskedDropout)
                add(QStringLiteral("%1 = torch.mul(%2, masks[%3])").arg(out, x).arg(m_masks++));
            else
                add(QStringLiteral("%1 = %2").arg(out, x)); // evaluation: the identity
            return;
        case LayerOp::LastStep:
            add(QStringLiteral("%1 = %2.select(1, %2.size(1) - 1)").arg(out, x));
            return;
        case LayerOp::Reshape: {
            if (node.shape.empty()) {
                add(QStringLiteral("%1 = %2.view(%3.size())").arg(out, x, value(node.inputs[1])));
                return;
            }
            QStringList sizes { QStringLiteral("%1.size(0)").arg(x) };
            for (std::int64_t d : node.shape)
                sizes << QString::number(d);
            add(QStringLiteral("%1 = %2.view([%3])").arg(out, x, sizes.join(QStringLiteral(", "))));
            return;
        }
        }
    }

    void recurrent(const QString &out, const QString &x, const LayerWeights &w)
    {
        const bool lstm = w.cell == RecurrentCell::Lstm;
        QStringList weights;
        for (int layer = 0; layer < w.layers; ++layer)
            for (const char *name : { "weight_ih_l", "weight_hh_l", "bias_ih_l", "bias_hh_l" })
                weights << tensor(w, name) + QString::number(layer);
        // The zero initial state LibTorch's LSTM/GRU modules create when none is given.
        add(QStringLiteral("h0 = torch.zeros([%1, %2.size(0), %3], dtype=%2.dtype, device=%2.device)")
                .arg(w.layers)
                .arg(x)
                .arg(w.out));
        add(QStringLiteral("%1 = torch.%2(%3, %4, [%5], True, %6, 0.0, False, False, True)[0]")
                .arg(out, lstm ? QStringLiteral("lstm") : QStringLiteral("gru"), x,
                     lstm ? QStringLiteral("[h0, h0]") : QStringLiteral("h0"),
                     weights.join(QStringLiteral(", ")))
                .arg(w.layers));
    }

    static QString convolve(const QString &x, const QString &weight, const QString &bias, int padding,
                            int stride = 1)
    {
        return QStringLiteral("torch.mkldnn_convolution(%1, %2, %3, [%4, %4], [%5, %5], [1, 1], 1)")
            .arg(x, weight, bias)
            .arg(padding)
            .arg(stride);
    }

    // The convolution's weight and bias expressions, with a following batch norm folded in.
    std::pair<QString, QString> folded(const InferenceForm::Step &step)
    {
        const LayerWeights &conv = weightsOf(step.conv);
        if (step.norm < 0)
            return { tensor(conv, "weight"), conv.bias ? tensor(conv, "bias") : QStringLiteral("None") };
        const LayerWeights &bn = weightsOf(step.norm);
        const QString scale = QStringLiteral("s%1").arg(step.conv);
        add(QStringLiteral("%1 = %2 / torch.sqrt(%3 + 1e-05)")
                .arg(scale, tensor(bn, "weight"), tensor(bn, "running_var")));
        const QString weight
            = QStringLiteral("%1 * %2.view([-1, 1, 1, 1])").arg(tensor(conv, "weight"), scale);
        const QString bias = conv.bias
            ? QStringLiteral("(%1 - %2) * %3 + %4")
                  .arg(tensor(conv, "bias"), tensor(bn, "running_mean"), scale, tensor(bn, "bias"))
            : QStringLiteral("%1 - %2 * %3").arg(tensor(bn, "bias"), tensor(bn, "running_mean"), scale);
        return { weight, bias };
    }

    void convolution(const InferenceForm::Step &step)
    {
        const LayerWeights &conv = weightsOf(step.conv);
        const auto [weight, bias] = folded(step);
        const QString out = value(step.node);
        if (step.parts.size() == 1) {
            const QString term = convolve(value(step.parts[0]),
                                          QStringLiteral("(%1).contiguous(%2)").arg(weight, kChannelsLast),
                                          bias, conv.padding, conv.stride);
            if (step.relu && step.residual < 0)
                add(QStringLiteral("%1 = torch.relu_(%2)").arg(out, term));
            else
                add(QStringLiteral("%1 = %2").arg(out, term));
            if (step.residual >= 0)
                finishInPlace(step);
            return;
        }
        const QString w = QStringLiteral("w%1").arg(step.conv);
        add(QStringLiteral("%1 = %2").arg(w, weight));
        int first = 0;
        for (std::size_t p = 0; p < step.parts.size(); ++p) {
            const int last = first + step.partChannels[p];
            const QString slice = QStringLiteral("%1[:, %2:%3].contiguous(%4)")
                                      .arg(w)
                                      .arg(first)
                                      .arg(last)
                                      .arg(kChannelsLast);
            const QString term = convolve(value(step.parts[p]), slice, p == 0 ? bias : QStringLiteral("None"),
                                          conv.padding, conv.stride);
            if (p == 0)
                add(QStringLiteral("%1 = %2").arg(out, term));
            else
                add(QStringLiteral("%1 = %1.add_(%2)").arg(out, term));
            first = last;
        }
        finishInPlace(step);
    }

    // The residual's addition and the ReLU on the convolution's fresh output, which nothing else reads.
    void finishInPlace(const InferenceForm::Step &step)
    {
        const QString out = value(step.node);
        if (step.residual >= 0)
            add(QStringLiteral("%1 = %1.add_(%2)").arg(out, value(step.residual)));
        if (step.relu)
            add(QStringLiteral("%1 = torch.relu_(%1)").arg(out));
    }

    // Weight [in, out, 2, 2] -> [(dy, dx, out), in, 1, 1]: output channel (2 * dy + dx) * out + c.
    // In NHWC memory the result is [n, h, w, dy, dx, c]; the upsampled map is [n, h, dy, w, dx, c].
    void transposedConvolution(const InferenceForm::Step &step)
    {
        const LayerWeights &t = weightsOf(step.conv);
        if (t.kernel != 2 || t.stride != 2) {
            portableNode(step.conv, m_graph.nodes()[std::size_t(step.conv)], step.node);
            if (step.relu)
                add(QStringLiteral("%1 = torch.relu_(%1)").arg(value(step.node)));
            return;
        }
        const QString y = QStringLiteral("y%1").arg(step.conv);
        add(QStringLiteral("%1 = %2").arg(
            y,
            convolve(value(step.parts[0]),
                     QStringLiteral("%1.permute([2, 3, 1, 0]).reshape([-1, %1.size(0), 1, 1]).contiguous(%2)")
                         .arg(tensor(t, "weight"), kChannelsLast),
                     QStringLiteral("%1.repeat(4)").arg(tensor(t, "bias")), 0)));
        add(QStringLiteral(
                "%1 = %2.permute([0, 2, 3, 1]).reshape([%2.size(0), %2.size(2), %2.size(3), 2, 2, %3])"
                ".permute([0, 1, 3, 2, 4, 5]).reshape([%2.size(0), 2 * %2.size(2), 2 * %2.size(3), %3])"
                ".permute([0, 3, 1, 2])")
                .arg(value(step.node), y)
                .arg(t.out));
        if (step.relu)
            add(QStringLiteral("%1 = torch.relu_(%1)").arg(value(step.node)));
    }

    const LayerGraph &m_graph;
    bool m_maskedDropout = false;
    int m_masks = 0; // dropout masks used so far
    QStringList m_lines;
};

} // namespace

QString TorchScriptSource::forward(const LayerGraph &graph, Form form, Dropout dropout)
{
    SourceWriter writer(graph, dropout);
    return form == Form::Inference && InferenceForm::applies(graph) ? writer.inference() : writer.portable();
}

QString TorchScriptSource::forward(const ModelSpec &spec, Form form, Dropout dropout)
{
    return forward(NetworkGraph::build(spec), form, dropout);
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
