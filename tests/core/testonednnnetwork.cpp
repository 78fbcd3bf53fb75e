#include "inference/private/inferencenetwork.h"
#include "inference/private/onednnnetwork.h"
#include "inference/trainedmodel.h"
#include "models/graph/networkgraph.h"
#include "models/graph/torchscriptsource.h"
#include "seededrunfixture.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

// The segmenters' oneDNN runtime: what it computes equals the portable network for every kind of
// step (fused into a convolution, run by oneDNN, or by LibTorch on views of its buffers), its
// buffers are reused without a value overwriting one still to be read, and what it cannot run is
// refused when it is made, not computed wrongly.
class TestOneDnnNetwork : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyKindOfStepMatchesThePortableNetwork();
    void trainedSegmentersMatchTheEnginesModules();
    void outputsOutliveTheNextForward();
    void refusesTransposedConvolutionsItDoesNotRun();

private:
    QTemporaryDir m_dir;
};

namespace {

// Random weights for every tensor the graph declares (positive variances), under their TorchScript names.
ScriptAttributes randomWeights(const LayerGraph &graph)
{
    ScriptAttributes attributes;
    for (const LayerWeights &w : graph.weights())
        for (const WeightTensorShape &t : w.tensors()) {
            const std::string name = TorchScriptSource::attributeName(w.path + "." + t.name);
            if (t.integer) {
                attributes.buffers.emplace_back(name, torch::zeros(t.shape, torch::kLong));
                continue;
            }
            torch::Tensor value = 0.3 * torch::randn(t.shape);
            if (t.name == "running_var" || (t.name == "weight" && w.kind == LayerWeights::Kind::BatchNorm2d))
                value = value.abs() + 0.5;
            (t.buffer ? attributes.buffers : attributes.parameters).emplace_back(name, value);
        }
    return attributes;
}

torch::Tensor portableForward(const LayerGraph &graph, const ScriptAttributes &attributes,
                              const torch::Tensor &x)
{
    torch::jit::Module module("__torch__.deepterra.Test");
    for (const auto &[name, tensor] : attributes.parameters)
        module.register_parameter(name, tensor, false);
    for (const auto &[name, tensor] : attributes.buffers)
        module.register_buffer(name, tensor);
    module.define(TorchScriptSource::forward(graph, TorchScriptSource::Form::Portable,
                                             TorchScriptSource::Dropout::Identity)
                      .toStdString());
    module.eval();
    torch::NoGradGuard noGrad;
    return module.forward({ x }).toTensor();
}

double largestDifference(const torch::Tensor &a, const torch::Tensor &b)
{
    return (a - b).abs().max().item<double>();
}

} // namespace

void TestOneDnnNetwork::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // scripts/install-deps.sh installs libdnnl-dev. Built without it, or with oneDNN 3 (Debian 13),
    // the segmenters run the TorchScript form (TestOptimizedNetwork): the runtime must refuse to be
    // made rather than compute anything.
    if (!OneDnnNetwork::available()) {
        UNetSpec unet;
        const LayerGraph graph = NetworkGraph::build(ModelSpec(unet));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, OneDnnNetwork(graph, randomWeights(graph)));
#if DEEPTERRA_ONEDNN_MAJOR == 2
        QFAIL("oneDNN 2's headers were found, yet the runtime was not built");
#endif
        QSKIP("this build runs the segmenters' TorchScript form (no oneDNN 2 headers)");
    }
}

// One graph with each kind of step the runtime meets: a convolution with batch norm and ReLU fused;
// pooling; a transposed convolution followed by a batch norm and an activation it does not fuse; an
// addition of two values that are not convolutions; a concatenation two convolutions read (kept
// whole); a residual sum fused into a convolution whose shortcut dies there (its buffer becomes the
// output), one whose shortcut is read again later (copied first) and one whose shortcut dies there
// but is the convolution's own input (copied too); bilinear and nearest
// upsampling; a concatenation only one convolution reads (split into two convolutions summed);
// dropout (the identity) and an activation of its output.
void TestOneDnnNetwork::everyKindOfStepMatchesThePortableNetwork()
{
    LayerGraph g(4);
    const int a = g.declareConv2d("a", 3, 8, 3, 1, 1, false);
    const int aNorm = g.declareBatchNorm2d("a_bn", 8);
    const int up = g.declareConvTranspose2d("up", 8, 8, 2, 2);
    const int upNorm = g.declareBatchNorm2d("up_bn", 8);
    const int b = g.declareConv2d("b", 16, 8, 1);
    const int c = g.declareConv2d("c", 16, 8, 3, 1, 1);
    const int e = g.declareConv2d("e", 8, 8, 3, 1, 1);
    const int f = g.declareConv2d("f", 8, 8, 3, 1, 1);
    const int h = g.declareConv2d("h", 8, 8, 3, 1, 1);
    const int d = g.declareConv2d("d", 16, 5, 1);

    const int x = g.activation(g.apply(aNorm, g.apply(a, g.input())), Activation::ReLU);
    const int pooled = g.maxPool(x, 2);
    const int widened = g.activation(g.apply(upNorm, g.apply(up, pooled)), Activation::Sigmoid);
    const int sum = g.add(widened, x);
    const int both = g.concat({ sum, x });
    const int o1 = g.apply(b, both);
    const int o = g.add(g.apply(c, both), o1); // o1 is read here last: the sum runs in its buffer
    const int r = g.apply(e, o);
    const int z = g.add(g.apply(f, r), r); // r is read again below: copied before the sum
    const int lone = g.activation(g.add(z, r), Activation::Tanh);
    const int v = g.add(g.apply(h, lone), lone); // dies here, but the convolution reads it: not in place
    const int coarse = g.maxPool(v, 2);
    const int bilinear = g.upsample(coarse, v, Upsampling::Bilinear);
    const int nearest = g.upsample(coarse, v, Upsampling::Nearest);
    const int logits = g.apply(d, g.concat({ g.add(bilinear, nearest), v }));
    g.setOutput(g.activation(g.dropout(logits, 0.3), Activation::ELU));

    torch::manual_seed(11);
    const ScriptAttributes weights = randomWeights(g);
    OneDnnNetwork network(g, weights);
    const torch::Tensor input = torch::randn({ 3, 3, 16, 24 });
    const torch::Tensor expected = portableForward(g, weights, input);
    const torch::Tensor actual = network.forward(input);
    QCOMPARE(actual.sizes().vec(), (std::vector<std::int64_t> { 3, 5, 16, 24 }));
    QVERIFY(actual.is_contiguous());
    const double scale = expected.abs().max().item<double>();
    QVERIFY(scale > 1e-2);
    QVERIFY2(largestDifference(actual, expected) <= 1e-5 * std::max(1.0, scale),
             qPrintable(QString::number(largestDifference(actual, expected))));
}

void TestOneDnnNetwork::trainedSegmentersMatchTheEnginesModules()
{
    UNetSpec unet;
    unet.inputChannels = 3;
    unet.classes = 4;
    unet.depth = 3;
    unet.baseFilters = 8;
    unet.dropout = 0.5;
    ResUNetSpec resunet;
    resunet.inputChannels = 3;
    resunet.classes = 3;
    resunet.depth = 2;
    resunet.baseFilters = 6;
    resunet.blocksPerLevel = 3;
    resunet.upsampling = Upsampling::Nearest;
    int index = 0;
    for (const ModelSpec &spec : { ModelSpec(unet), ModelSpec(resunet) }) {
        const QString path
            = test::writeSeededRun(m_dir.filePath(QStringLiteral("run%1").arg(index++)), spec,
                                   TaskKind::Segmentation, 32, spec.kind() == ModelKind::UNet ? 4 : 3);
        QVERIFY(!path.isEmpty());
        const TrainedModel model = TrainedModel::loadRun(path);
        OneDnnNetwork network(NetworkGraph::build(spec), model.network().scriptAttributes());
        torch::manual_seed(5);
        const torch::Tensor input = torch::randn({ 2, 3, 32, 32 });
        const torch::Tensor expected = model.network().forward(input);
        const double scale = std::max(1.0, expected.abs().max().item<double>());
        QVERIFY2(largestDifference(network.forward(input), expected) <= 1e-5 * scale,
                 qPrintable(ModelSpec::kindName(spec.kind())));
    }
}

// The output is the caller's, not a view of a buffer the next forward reuses; a new shape gets
// primitives and buffers of its own, and the first shape the same outputs again.
void TestOneDnnNetwork::outputsOutliveTheNextForward()
{
    UNetSpec unet;
    unet.inputChannels = 3;
    unet.classes = 2;
    unet.depth = 2;
    unet.baseFilters = 4;
    const LayerGraph graph = NetworkGraph::build(ModelSpec(unet));
    torch::manual_seed(2);
    const ScriptAttributes weights = randomWeights(graph);
    OneDnnNetwork network(graph, weights);
    const torch::Tensor first = torch::randn({ 2, 3, 16, 16 });
    const torch::Tensor second = torch::randn({ 2, 3, 16, 16 });
    const torch::Tensor a = network.forward(first);
    const torch::Tensor kept = a.clone();
    const torch::Tensor b = network.forward(second);
    QCOMPARE(largestDifference(a, kept), 0.0);
    QVERIFY(largestDifference(a, b) > 1e-4);
    const torch::Tensor wider = network.forward(torch::randn({ 1, 3, 32, 8 }));
    QCOMPARE(wider.sizes().vec(), (std::vector<std::int64_t> { 1, 2, 32, 8 }));
    QCOMPARE(largestDifference(network.forward(first), kept), 0.0);
    const torch::Tensor expected = portableForward(graph, weights, second);
    const double scale = std::max(1.0, expected.abs().max().item<double>());
    QVERIFY2(largestDifference(b, expected) <= 1e-5 * scale,
             qPrintable(QStringLiteral("%1 at scale %2").arg(largestDifference(b, expected)).arg(scale)));
}

void TestOneDnnNetwork::refusesTransposedConvolutionsItDoesNotRun()
{
    LayerGraph g(4);
    const int t = g.declareConvTranspose2d("t", 3, 4, 3, 2);
    g.setOutput(g.apply(t, g.input()));
    const ScriptAttributes weights = randomWeights(g);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, OneDnnNetwork(g, weights));
}

QTEST_GUILESS_MAIN(TestOneDnnNetwork)
#include "testonednnnetwork.moc"
