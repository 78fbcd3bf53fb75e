#include "models/graph/layergraph.h"

#include "common/dataerror.h"

#include <numeric>
#include <stdexcept>

namespace deepterra {

namespace {

using Shape = std::vector<std::int64_t>;

QString shapeText(const Shape &shape)
{
    return ModelSummary::shapeText(shape);
}

} // namespace

LayerGraph::LayerGraph(int inputRank)
    : m_inputRank(inputRank)
{
    m_nodes.push_back(LayerNode {});
}

int LayerGraph::declare(LayerWeights weights)
{
    m_weights.push_back(std::move(weights));
    return int(m_weights.size()) - 1;
}

int LayerGraph::declareConv2d(const std::string &path, int in, int out, int kernel, int stride, int padding,
                              bool bias)
{
    LayerWeights w;
    w.kind = LayerWeights::Kind::Conv2d;
    w.path = path;
    w.in = in;
    w.out = out;
    w.kernel = kernel;
    w.stride = stride;
    w.padding = padding;
    w.bias = bias;
    return declare(std::move(w));
}

int LayerGraph::declareConvTranspose2d(const std::string &path, int in, int out, int kernel, int stride)
{
    LayerWeights w;
    w.kind = LayerWeights::Kind::ConvTranspose2d;
    w.path = path;
    w.in = in;
    w.out = out;
    w.kernel = kernel;
    w.stride = stride;
    return declare(std::move(w));
}

int LayerGraph::declareBatchNorm2d(const std::string &path, int channels)
{
    LayerWeights w;
    w.kind = LayerWeights::Kind::BatchNorm2d;
    w.path = path;
    w.in = w.out = channels;
    return declare(std::move(w));
}

int LayerGraph::declareDense(const std::string &path, int in, int out)
{
    LayerWeights w;
    w.kind = LayerWeights::Kind::Dense;
    w.path = path;
    w.in = in;
    w.out = out;
    return declare(std::move(w));
}

int LayerGraph::declareRecurrent(const std::string &path, RecurrentCell cell, int in, int hidden, int layers,
                                 double dropout)
{
    LayerWeights w;
    w.kind = LayerWeights::Kind::Recurrent;
    w.path = path;
    w.cell = cell;
    w.in = in;
    w.out = hidden;
    w.layers = layers;
    w.dropout = dropout;
    return declare(std::move(w));
}

int LayerGraph::addNode(LayerNode node)
{
    for (int input : node.inputs)
        if (input < 0 || input >= int(m_nodes.size()))
            throw std::logic_error("a layer graph node reads a node that does not exist yet");
    m_nodes.push_back(std::move(node));
    return int(m_nodes.size()) - 1;
}

int LayerGraph::apply(int weights, int x)
{
    if (weights < 0 || weights >= int(m_weights.size()))
        throw std::logic_error("a layer graph node runs a layer that was not declared");
    LayerNode node;
    node.inputs = { x };
    node.weights = weights;
    switch (m_weights[std::size_t(weights)].kind) {
    case LayerWeights::Kind::Conv2d:
        node.op = LayerOp::Conv2d;
        break;
    case LayerWeights::Kind::ConvTranspose2d:
        node.op = LayerOp::ConvTranspose2d;
        break;
    case LayerWeights::Kind::BatchNorm2d:
        node.op = LayerOp::BatchNorm2d;
        break;
    case LayerWeights::Kind::Dense:
        node.op = LayerOp::Dense;
        break;
    case LayerWeights::Kind::Recurrent:
        node.op = LayerOp::Recurrent;
        break;
    }
    return addNode(std::move(node));
}

int LayerGraph::activation(int x, Activation activation)
{
    if (activation == Activation::None)
        return x;
    LayerNode node;
    node.op = LayerOp::Activation;
    node.inputs = { x };
    node.activation = activation;
    return addNode(std::move(node));
}

int LayerGraph::maxPool(int x, int window)
{
    LayerNode node;
    node.op = LayerOp::MaxPool2d;
    node.inputs = { x };
    node.window = window;
    return addNode(std::move(node));
}

int LayerGraph::upsample(int x, int like, Upsampling mode)
{
    if (mode == Upsampling::Transpose)
        throw std::logic_error("transposed-convolution upsampling is a ConvTranspose2d layer");
    LayerNode node;
    node.op = LayerOp::Upsample;
    node.inputs = { x, like };
    node.upsampling = mode;
    return addNode(std::move(node));
}

int LayerGraph::concat(const std::vector<int> &inputs)
{
    LayerNode node;
    node.op = LayerOp::Concat;
    node.inputs = inputs;
    return addNode(std::move(node));
}

int LayerGraph::add(int a, int b)
{
    LayerNode node;
    node.op = LayerOp::Add;
    node.inputs = { a, b };
    return addNode(std::move(node));
}

int LayerGraph::flatten(int x)
{
    LayerNode node;
    node.op = LayerOp::Flatten;
    node.inputs = { x };
    return addNode(std::move(node));
}

int LayerGraph::dropout(int x, double rate)
{
    if (rate <= 0.0)
        return x;
    LayerNode node;
    node.op = LayerOp::Dropout;
    node.inputs = { x };
    node.rate = rate;
    return addNode(std::move(node));
}

int LayerGraph::lastStep(int x)
{
    LayerNode node;
    node.op = LayerOp::LastStep;
    node.inputs = { x };
    return addNode(std::move(node));
}

int LayerGraph::reshape(int x, const std::vector<std::int64_t> &shape)
{
    LayerNode node;
    node.op = LayerOp::Reshape;
    node.inputs = { x };
    node.shape = shape;
    return addNode(std::move(node));
}

int LayerGraph::reshapeLike(int x, int like)
{
    LayerNode node;
    node.op = LayerOp::Reshape;
    node.inputs = { x, like };
    return addNode(std::move(node));
}

void LayerGraph::describe(const QString &name, const QString &type, int node, std::vector<int> weights)
{
    m_rows.push_back({ name, type, node, std::move(weights) });
}

QString LayerGraph::layerName(int node) const
{
    for (const Row &row : m_rows)
        if (row.node == node)
            return row.name;
    const LayerNode &n = m_nodes[std::size_t(node)];
    if (n.weights >= 0)
        return QString::fromStdString(m_weights[std::size_t(n.weights)].path);
    // An unnamed step reports the named layer it follows.
    for (int earlier = node - 1; earlier > 0; --earlier)
        for (const Row &row : m_rows)
            if (row.node == earlier)
                return row.name;
    return QStringLiteral("the first layer");
}

std::vector<std::vector<std::int64_t>> LayerGraph::shapes(const std::vector<std::int64_t> &input) const
{
    if ((m_inputRank > 0 && int(input.size()) != m_inputRank) || input.size() < 2)
        throw DataError(QString(),
                        QStringLiteral("the network takes inputs of %1 dimensions, not %2 %3")
                            .arg(m_inputRank)
                            .arg(input.size())
                            .arg(shapeText(input)));
    std::vector<Shape> shapes(m_nodes.size());
    shapes[0] = input;
    const auto tooSmall = [this](int node, const Shape &in) {
        return DataError(QString(),
                         QStringLiteral("an input of %1 is too small for the layer %2")
                             .arg(shapeText(in), layerName(node)));
    };
    for (std::size_t i = 1; i < m_nodes.size(); ++i) {
        const LayerNode &node = m_nodes[i];
        const Shape &x = shapes[std::size_t(node.inputs.at(0))];
        const LayerWeights *w = node.weights >= 0 ? &m_weights[std::size_t(node.weights)] : nullptr;
        Shape y = x;
        switch (node.op) {
        case LayerOp::Input:
            break;
        case LayerOp::Conv2d:
        case LayerOp::ConvTranspose2d:
            if (x.size() != 4 || x[1] != w->in)
                throw std::logic_error("a convolution's input does not match its declaration");
            y[1] = w->out;
            for (std::size_t d = 2; d < 4; ++d)
                y[d] = node.op == LayerOp::Conv2d ? (x[d] + 2 * w->padding - w->kernel) / w->stride + 1
                                                  : (x[d] - 1) * w->stride + w->kernel;
            // A convolution needs its kernel's extent of (padded) input; a transposed one spreads each
            // input pixel over its kernel, so one pixel is enough (a conv autoencoder's 1x1 bottleneck).
            if (node.op == LayerOp::Conv2d
                && (x[2] + 2 * w->padding < w->kernel || x[3] + 2 * w->padding < w->kernel))
                throw tooSmall(int(i), input);
            if (x[2] < 1 || x[3] < 1)
                throw tooSmall(int(i), input);
            break;
        case LayerOp::BatchNorm2d:
            if (x.size() != 4 || x[1] != w->out)
                throw std::logic_error("a batch norm's input does not match its declaration");
            break;
        case LayerOp::Dense:
            if (x.size() != 2 || x[1] != w->in)
                throw std::logic_error("a dense layer's input does not match its declaration");
            y[1] = w->out;
            break;
        case LayerOp::Recurrent:
            if (x.size() != 3 || x[2] != w->in)
                throw std::logic_error("a recurrent layer's input does not match its declaration");
            y[2] = w->out;
            break;
        case LayerOp::Activation:
        case LayerOp::Dropout:
            break;
        case LayerOp::MaxPool2d:
            y[2] = x[2] / node.window;
            y[3] = x[3] / node.window;
            break;
        case LayerOp::Upsample: {
            const Shape &like = shapes[std::size_t(node.inputs.at(1))];
            y[2] = like[2];
            y[3] = like[3];
            break;
        }
        case LayerOp::Concat:
            y[1] = 0;
            for (int in : node.inputs) {
                const Shape &part = shapes[std::size_t(in)];
                if (part.size() != x.size() || part[2] != x[2] || part[3] != x[3])
                    throw tooSmall(int(i), input); // odd sizes halved and doubled no longer meet
                y[1] += part[1];
            }
            break;
        case LayerOp::Add:
            if (shapes[std::size_t(node.inputs.at(1))] != x)
                throw tooSmall(int(i), input);
            break;
        case LayerOp::Flatten:
            y = { x[0], std::accumulate(x.begin() + 1, x.end(), std::int64_t(1), std::multiplies<>()) };
            break;
        case LayerOp::LastStep:
            y = { x[0], x[2] };
            break;
        case LayerOp::Reshape:
            if (node.shape.empty()) {
                y = shapes[std::size_t(node.inputs.at(1))];
            } else {
                y = { x[0] };
                y.insert(y.end(), node.shape.begin(), node.shape.end());
            }
            break;
        }
        for (std::size_t d = 1; d < y.size(); ++d)
            if (y[d] < 1)
                throw tooSmall(int(i), input);
        shapes[i] = std::move(y);
    }
    return shapes;
}

ModelSummary LayerGraph::summary(const std::vector<std::int64_t> &input) const
{
    const auto all = shapes(input);
    ModelSummary summary;
    summary.inputShape = input;
    for (const Row &row : m_rows) {
        ModelSummaryRow line;
        line.name = row.name;
        line.type = row.type;
        line.outputShape = all[std::size_t(row.node)];
        for (int w : row.weights)
            line.parameters += m_weights[std::size_t(w)].parameterCount();
        summary.rows.push_back(std::move(line));
    }
    summary.totalParameters = summary.trainableParameters = parameterCount();
    return summary;
}

std::int64_t LayerGraph::parameterCount() const
{
    std::int64_t count = 0;
    for (const LayerWeights &w : m_weights)
        count += w.parameterCount();
    return count;
}

bool LayerGraph::fullyConvolutional() const
{
    if (m_inputRank != 4)
        return false;
    for (const LayerNode &node : m_nodes)
        switch (node.op) {
        case LayerOp::Dense:
        case LayerOp::Recurrent:
        case LayerOp::Flatten:
        case LayerOp::LastStep:
        case LayerOp::Reshape:
            return false;
        default:
            break;
        }
    return true;
}

std::vector<int> LayerGraph::lastUses() const
{
    std::vector<int> last(m_nodes.size(), -1);
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
        for (int input : m_nodes[i].inputs)
            last[std::size_t(input)] = int(i);
    last[std::size_t(m_output)] = int(m_nodes.size());
    return last;
}

} // namespace deepterra
