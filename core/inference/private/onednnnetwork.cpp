#include "inference/private/onednnnetwork.h"

#include "inference/private/inferenceweights.h"
#include "models/private/network.h"

#ifdef DEEPTERRA_HAS_ONEDNN
#include "inference/private/onednnprimitives.h"
// Checked against the engine's modules with oneDNN 2 (Debian 12) only: with oneDNN 3.7 (Debian 13)
// U-Nets and ResUNets whose widths are not multiples of 8 (6, 12, 24 channels) came out up to 4e-3
// away from them, on AVX2 and AVX-512 kernels alike, so there the TorchScript form runs.
#if DNNL_VERSION_MAJOR < 3
#define DEEPTERRA_RUNS_ONEDNN
#endif
#endif

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <stdexcept>

namespace deepterra {

#ifdef DEEPTERRA_RUNS_ONEDNN

namespace {

using dnnl::memory;

struct Shape
{
    std::int64_t n = 0, c = 0, h = 0, w = 0;
    std::int64_t floats() const { return n * c * h * w; }
};

memory::desc nhwc(const Shape &s)
{
    return memory::desc({ s.n, s.c, s.h, s.w }, memory::data_type::f32, memory::format_tag::nhwc);
}

// A LibTorch view of an activation buffer: NCHW sizes over channels-last memory.
torch::Tensor view(float *data, const Shape &s)
{
    return torch::from_blob(data, { s.n, s.c, s.h, s.w }, { s.h * s.w * s.c, 1, s.w * s.c, s.c },
                            torch::kFloat);
}

struct FreeAligned
{
    void operator()(float *data) const { std::free(data); }
};
using Storage = std::unique_ptr<float, FreeAligned>;

Storage allocate(std::int64_t floats)
{
    const std::size_t bytes = (std::size_t(floats) * sizeof(float) + 63) / 64 * 64;
    void *data = std::aligned_alloc(64, std::max<std::size_t>(bytes, 64));
    if (!data)
        throw std::bad_alloc();
    return Storage(static_cast<float *>(data));
}

} // namespace

class OneDnnNetwork::Runtime
{
public:
    Runtime(const LayerGraph &graph, const ScriptAttributes &attributes)
        : m_graph(graph)
        , m_steps(InferenceForm::steps(m_graph))
        , m_weights(m_graph, attributes)
        , m_engine(dnnl::engine::kind::cpu, 0)
        , m_stream(m_engine)
    {
        for (const InferenceForm::Step &step : m_steps) {
            if (step.conv < 0)
                continue;
            const LayerWeights &w = weightsOf(step.conv);
            if (w.kind == LayerWeights::Kind::ConvTranspose2d && (w.kernel != 2 || w.stride != 2))
                throw std::runtime_error("oneDNN runs 2x2 transposed convolutions of stride 2 only");
            m_convolutions.emplace(step.conv, m_weights.convolution(step));
        }
    }

    torch::Tensor forward(const torch::Tensor &input)
    {
        if (input.dim() != 4 || !input.device().is_cpu())
            throw std::runtime_error("oneDNN runs 4-D inputs on the CPU only");
        const torch::Tensor x = input.to(torch::kFloat).contiguous();
        if (x.sizes().vec() != m_plannedInput)
            plan(x.sizes().vec());
        torch::Tensor output
            = torch::empty({ m_outputShape.n, m_outputShape.c, m_outputShape.h, m_outputShape.w });
        m_userInput.set_data_handle(x.data_ptr());
        m_userOutput.set_data_handle(output.data_ptr());
        for (const std::function<void()> &run : m_run)
            run();
        m_stream.wait();
        return output;
    }

private:
    const LayerWeights &weightsOf(int node) const
    {
        return m_graph.weights()[std::size_t(m_graph.nodes()[std::size_t(node)].weights)];
    }

    // --- planning: primitives, buffers and the steps' closures for one input shape ---

    int root(int node) const { return m_alias[std::size_t(node)]; }

    int acquire(std::int64_t floats)
    {
        int best = -1;
        for (std::size_t i = 0; i < m_free.size(); ++i) {
            const int b = m_free[i];
            if (m_capacity[std::size_t(b)] >= floats
                && (best < 0 || m_capacity[std::size_t(b)] < m_capacity[std::size_t(best)]))
                best = b;
        }
        if (best >= 0) {
            m_free.erase(std::find(m_free.begin(), m_free.end(), best));
            return best;
        }
        m_storage.push_back(allocate(floats));
        m_capacity.push_back(floats);
        return int(m_storage.size()) - 1;
    }

    float *data(int node) const { return m_storage[std::size_t(m_buffer[std::size_t(root(node))])].get(); }

    void plan(const std::vector<std::int64_t> &input)
    {
        m_run.clear();
        m_keep.clear();
        m_storage.clear();
        m_capacity.clear();
        m_free.clear();
        m_plannedInput.clear();
        const std::vector<LayerNode> &nodes = m_graph.nodes();
        const auto shapes = m_graph.shapes(input);
        m_shape.assign(nodes.size(), Shape());
        for (std::size_t i = 0; i < nodes.size(); ++i)
            if (shapes[i].size() == 4)
                m_shape[i] = Shape { shapes[i][0], shapes[i][1], shapes[i][2], shapes[i][3] };
        m_buffer.assign(nodes.size(), -1);
        m_alias.resize(nodes.size());
        for (std::size_t i = 0; i < nodes.size(); ++i)
            m_alias[i] = int(i);

        // The last step reading each value (dropout is the identity: its value is its input's).
        const int never = int(m_steps.size());
        std::vector<int> &lastRead = m_lastRead;
        lastRead.assign(nodes.size(), -1);
        for (std::size_t k = 0; k < m_steps.size(); ++k) {
            const InferenceForm::Step &step = m_steps[k];
            if (step.op == LayerOp::Dropout) {
                m_alias[std::size_t(step.node)] = root(step.parts[0]);
                continue;
            }
            std::vector<int> reads = step.conv >= 0 ? step.parts : nodes[std::size_t(step.node)].inputs;
            if (step.residual >= 0)
                reads.push_back(step.residual);
            for (int r : reads)
                lastRead[std::size_t(root(r))] = int(k);
        }
        lastRead[std::size_t(root(m_graph.output()))] = never;

        m_buffer[0] = acquire(m_shape[0].floats());
        m_userInput = memory(memory::desc({ input[0], input[1], input[2], input[3] }, memory::data_type::f32,
                                          memory::format_tag::nchw),
                             m_engine, nullptr);
        addReorder(m_userInput, memory(nhwc(m_shape[0]), m_engine, data(0)));

        for (std::size_t k = 0; k < m_steps.size(); ++k) {
            const InferenceForm::Step &step = m_steps[k];
            if (step.op == LayerOp::Dropout)
                continue;
            int takenOver = -1;
            if (step.conv >= 0 && nodes[std::size_t(step.conv)].op == LayerOp::ConvTranspose2d)
                planTransposed(step);
            else if (step.conv >= 0)
                takenOver = planConvolution(step, int(k));
            else if (step.op == LayerOp::MaxPool2d)
                planPooling(step);
            else
                planWithTorch(step);
            // Values no later step reads give their buffers back.
            for (std::size_t v = 0; v < nodes.size(); ++v)
                if (lastRead[v] == int(k) && root(int(v)) == int(v) && m_buffer[v] >= 0
                    && int(v) != takenOver)
                    m_free.push_back(m_buffer[v]);
        }

        const int output = root(m_graph.output());
        m_outputShape = m_shape[std::size_t(m_graph.output())];
        m_userOutput
            = memory(memory::desc({ m_outputShape.n, m_outputShape.c, m_outputShape.h, m_outputShape.w },
                                  memory::data_type::f32, memory::format_tag::nchw),
                     m_engine, nullptr);
        addReorder(memory(nhwc(m_outputShape), m_engine, data(output)), m_userOutput);
        m_plannedInput = input;
    }

    void addReorder(memory from, memory to)
    {
        const dnnl::reorder reorder(from, to);
        m_run.push_back([this, reorder, from, to]() mutable { reorder.execute(m_stream, from, to); });
    }

    // A convolution of one or more parts (a concatenation's), batch norm folded, the residual added
    // and the ReLU applied as post-ops. Returns the residual node whose buffer became the output's.
    int planConvolution(const InferenceForm::Step &step, int index)
    {
        const LayerWeights &w = weightsOf(step.conv);
        const InferenceWeights::Convolution &weights = m_convolutions.at(step.conv);
        const Shape out = m_shape[std::size_t(step.node)];
        int takenOver = -1;
        if (step.residual >= 0) {
            const int shortcut = root(step.residual);
            // The sum runs in the shortcut's buffer when nothing reads it later, unless the
            // convolution reads it too (a convolution cannot write where it reads).
            bool readByConvolution = false;
            for (int part : step.parts)
                readByConvolution = readByConvolution || root(part) == shortcut;
            if (m_lastRead[std::size_t(shortcut)] == index && shortcut != 0 && !readByConvolution) {
                m_buffer[std::size_t(step.node)] = m_buffer[std::size_t(shortcut)];
                takenOver = shortcut;
            } else {
                m_buffer[std::size_t(step.node)] = acquire(out.floats());
                const float *from = data(step.residual);
                float *to = data(step.node);
                const std::size_t bytes = std::size_t(out.floats()) * sizeof(float);
                m_run.push_back([from, to, bytes] { std::memcpy(to, from, bytes); });
            }
        } else {
            m_buffer[std::size_t(step.node)] = acquire(out.floats());
        }
        const memory destination(nhwc(out), m_engine, data(step.node));
        std::int64_t first = 0;
        for (std::size_t p = 0; p < step.parts.size(); ++p) {
            const std::int64_t channels = step.partChannels[p];
            const torch::Tensor part = step.parts.size() == 1
                ? weights.weight
                : weights.weight.narrow(1, first, channels).contiguous();
            first += channels;
            dnnl::post_ops ops;
            if (p > 0 || step.residual >= 0)
                ops.append_sum(1.0f);
            if (p + 1 == step.parts.size() && step.relu)
                OneDnnPrimitives::appendRelu(ops);
            const bool withBias = p == 0 && weights.bias.defined();
            addConvolution(step.parts[p], part, withBias ? weights.bias : torch::Tensor(), destination,
                           w.stride, w.padding, ops);
        }
        return takenOver;
    }

    void addConvolution(int source, const torch::Tensor &weight, const torch::Tensor &bias,
                        const memory &destination, int stride, int padding, const dnnl::post_ops &ops)
    {
        const Shape in = m_shape[std::size_t(source)];
        dnnl::primitive_attr attributes;
        attributes.set_post_ops(ops);
        const memory::dims weightDims = weight.sizes().vec();
        const memory::desc anyWeights(weightDims, memory::data_type::f32, memory::format_tag::any);
        const memory::desc biasDesc = bias.defined()
            ? memory::desc({ bias.size(0) }, memory::data_type::f32, memory::format_tag::x)
            : memory::desc();
        const auto descriptor = OneDnnPrimitives::convolution(
            m_engine, nhwc(in), anyWeights, biasDesc, destination.get_desc(), stride, padding, attributes);
        // Reordered once into the layout the kernel wants; the memory owns its copy.
        memory plainWeights({ weightDims, memory::data_type::f32, memory::format_tag::oihw }, m_engine,
                            weight.data_ptr());
        memory kernelWeights = plainWeights;
        if (descriptor.weights_desc() != plainWeights.get_desc()) {
            kernelWeights = memory(descriptor.weights_desc(), m_engine);
            dnnl::reorder(plainWeights, kernelWeights).execute(m_stream, plainWeights, kernelWeights);
            m_stream.wait();
        } else {
            m_keep.push_back(weight);
        }
        std::unordered_map<int, memory> arguments { { DNNL_ARG_SRC,
                                                      memory(nhwc(in), m_engine, data(source)) },
                                                    { DNNL_ARG_WEIGHTS, kernelWeights },
                                                    { DNNL_ARG_DST, destination } };
        if (bias.defined()) {
            m_keep.push_back(bias);
            arguments.emplace(DNNL_ARG_BIAS, memory(biasDesc, m_engine, bias.data_ptr()));
        }
        const dnnl::convolution_forward convolution(descriptor);
        m_run.push_back([this, convolution, arguments] { convolution.execute(m_stream, arguments); });
    }

    // A 2x2, stride-2 transposed convolution: a 1x1 convolution to (dy, dx, channel), then each
    // input pixel's 2 x channels floats of row dy copied to output row 2y + dy.
    void planTransposed(const InferenceForm::Step &step)
    {
        const InferenceWeights::Convolution &weights = m_convolutions.at(step.conv);
        const Shape in = m_shape[std::size_t(step.parts[0])];
        const Shape out = m_shape[std::size_t(step.node)];
        const Shape wide { in.n, weights.weight.size(0), in.h, in.w };
        const int scratch = acquire(wide.floats());
        float *y = m_storage[std::size_t(scratch)].get();
        dnnl::post_ops ops;
        if (step.relu)
            OneDnnPrimitives::appendRelu(ops); // elementwise: the same before or after the rearrangement
        addConvolution(step.parts[0], weights.weight, weights.bias, memory(nhwc(wide), m_engine, y), 1, 0,
                       ops);
        m_buffer[std::size_t(step.node)] = acquire(out.floats());
        float *to = data(step.node);
        m_run.push_back([y, to, in, out] {
            const std::int64_t run = 2 * out.c;
            for (std::int64_t n = 0; n < in.n; ++n)
                for (std::int64_t i = 0; i < in.h; ++i)
                    for (std::int64_t dy = 0; dy < 2; ++dy) {
                        const float *from = y + ((n * in.h + i) * in.w) * 4 * out.c + dy * run;
                        float *row = to + ((n * out.h + 2 * i + dy) * out.w) * out.c;
                        for (std::int64_t j = 0; j < in.w; ++j)
                            std::memcpy(row + j * run, from + j * 4 * out.c,
                                        std::size_t(run) * sizeof(float));
                    }
        });
        m_free.push_back(scratch);
    }

    void planPooling(const InferenceForm::Step &step)
    {
        const int source = step.parts[0];
        const Shape out = m_shape[std::size_t(step.node)];
        m_buffer[std::size_t(step.node)] = acquire(out.floats());
        const auto descriptor
            = OneDnnPrimitives::maxPooling(m_engine, nhwc(m_shape[std::size_t(source)]), nhwc(out),
                                           m_graph.nodes()[std::size_t(step.node)].window);
        const std::unordered_map<int, memory> arguments {
            { DNNL_ARG_SRC, memory(nhwc(m_shape[std::size_t(source)]), m_engine, data(source)) },
            { DNNL_ARG_DST, memory(nhwc(out), m_engine, data(step.node)) }
        };
        const dnnl::pooling_forward pooling(descriptor);
        m_run.push_back([this, pooling, arguments] { pooling.execute(m_stream, arguments); });
    }

    // Steps without a oneDNN primitive here, computed by LibTorch as the portable form does and
    // copied into the step's buffer.
    void planWithTorch(const InferenceForm::Step &step)
    {
        const LayerNode node = m_graph.nodes()[std::size_t(step.node)];
        const Shape out = m_shape[std::size_t(step.node)];
        m_buffer[std::size_t(step.node)] = acquire(out.floats());
        std::vector<torch::Tensor> inputs;
        for (int input : node.inputs)
            inputs.push_back(view(data(input), m_shape[std::size_t(input)]));
        torch::Tensor result = view(data(step.node), out);
        std::vector<torch::Tensor> norm;
        if (node.op == LayerOp::BatchNorm2d) {
            const LayerWeights &bn = weightsOf(step.node);
            norm = { m_weights.tensor(bn, "weight"), m_weights.tensor(bn, "bias"),
                     m_weights.tensor(bn, "running_mean"), m_weights.tensor(bn, "running_var") };
        } else if (node.op != LayerOp::Activation && node.op != LayerOp::Add && node.op != LayerOp::Concat
                   && node.op != LayerOp::Upsample) {
            throw std::runtime_error("oneDNN runs no such step");
        }
        m_run.push_back([node, inputs, result, norm]() mutable {
            switch (node.op) {
            case LayerOp::Activation:
                result.copy_(applyActivation(inputs[0], node.activation));
                return;
            case LayerOp::Add:
                torch::add_out(result, inputs[0], inputs[1]);
                return;
            case LayerOp::Concat: {
                std::int64_t first = 0;
                for (const torch::Tensor &part : inputs) {
                    result.narrow(1, first, part.size(1)).copy_(part);
                    first += part.size(1);
                }
                return;
            }
            case LayerOp::Upsample: {
                const std::vector<std::int64_t> size { result.size(2), result.size(3) };
                result.copy_(node.upsampling == Upsampling::Bilinear
                                 ? torch::upsample_bilinear2d(inputs[0], size, false)
                                 : torch::upsample_nearest2d(inputs[0], size));
                return;
            }
            case LayerOp::BatchNorm2d:
                result.copy_(torch::batch_norm(inputs[0], norm[0], norm[1], norm[2], norm[3], false, 0.1,
                                               1e-05, true));
                return;
            default:
                return;
            }
        });
    }

    const LayerGraph m_graph;
    const std::vector<InferenceForm::Step> m_steps;
    const InferenceWeights m_weights;
    std::map<int, InferenceWeights::Convolution> m_convolutions;
    dnnl::engine m_engine;
    dnnl::stream m_stream;

    // The plan for m_plannedInput.
    std::vector<std::int64_t> m_plannedInput;
    std::vector<std::function<void()>> m_run;
    std::vector<Storage> m_storage;
    std::vector<std::int64_t> m_capacity;
    std::vector<int> m_free;
    std::vector<int> m_buffer; // per node: its buffer (nodes that have one)
    std::vector<int> m_lastRead; // per node: the index of the last step reading its value
    std::vector<int> m_alias; // per node: the node whose value it is (itself, or a dropout's input)
    std::vector<Shape> m_shape;
    std::vector<torch::Tensor> m_keep; // tensors whose memory primitives read directly
    memory m_userInput;
    memory m_userOutput;
    Shape m_outputShape;
};

OneDnnNetwork::OneDnnNetwork(const LayerGraph &graph, const ScriptAttributes &attributes)
    : m_runtime(std::make_unique<Runtime>(graph, attributes))
{ }

bool OneDnnNetwork::available()
{
    return true;
}

torch::Tensor OneDnnNetwork::forward(const torch::Tensor &input)
{
    return m_runtime->forward(input);
}

#else

class OneDnnNetwork::Runtime
{
};

OneDnnNetwork::OneDnnNetwork(const LayerGraph &, const ScriptAttributes &)
{
#ifdef DEEPTERRA_HAS_ONEDNN
    throw std::runtime_error("Deepterra's oneDNN runtime is checked with oneDNN 2 only");
#else
    throw std::runtime_error("this build of Deepterra has no oneDNN (libdnnl-dev)");
#endif
}

bool OneDnnNetwork::available()
{
    return false;
}

torch::Tensor OneDnnNetwork::forward(const torch::Tensor &)
{
    throw std::logic_error("OneDnnNetwork without oneDNN");
}

#endif

OneDnnNetwork::~OneDnnNetwork() = default;

} // namespace deepterra
