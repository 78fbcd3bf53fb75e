#include "export/exportedmodel.h"
#include "export/modelexporter.h"
#include "inference/private/inferencenetwork.h"
#include "inference/private/onednnnetwork.h"
#include "inference/private/optimizednetwork.h"
#include "inference/trainedmodel.h"
#include "models/graph/inferenceform.h"
#include "models/graph/networkgraph.h"
#include "models/private/scriptmodule.h"
#include "runtime/onednncheck.h"
#include "seededrunfixture.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

Q_DECLARE_METATYPE(deepterra::ModelSpec)
Q_DECLARE_METATYPE(deepterra::TaskKind)

// The frozen, inference-optimised TorchScript module that whole-raster prediction runs. Each run is
// written as TrainingJob writes one (config.json and a checkpoint of a seeded network) with batch-norm
// statistics far from the defaults, so that folding them into the convolutions changes the weights.
class TestOptimizedNetwork : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesTheEnginesNetwork_data();
    void matchesTheEnginesNetwork();
    void exportedModelGivesTheRunsOutputs();
    void maskedDropoutIsTheSameInEveryForm_data();
    void maskedDropoutIsTheSameInEveryForm();
    void unetRunsChannelsLastWithoutConcatenation();
    void resUNetAddsShortcutsInPlaceWithBatchNormFolded();

private:
    QString writeRun(const QString &name, const ModelSpec &spec, TaskKind task, int patch, int classes);
    QTemporaryDir m_dir;
};

QString TestOptimizedNetwork::writeRun(const QString &name, const ModelSpec &spec, TaskKind task, int patch,
                                       int classes)
{
    return test::writeSeededRun(m_dir.filePath(name), spec, task, patch, classes);
}

void TestOptimizedNetwork::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestOptimizedNetwork::matchesTheEnginesNetwork_data()
{
    QTest::addColumn<ModelSpec>("spec");
    QTest::addColumn<TaskKind>("task");
    QTest::addColumn<int>("patch");
    QTest::addColumn<int>("classes");

    UNetSpec unet;
    unet.inputChannels = 3;
    unet.classes = 4;
    unet.depth = 2;
    unet.baseFilters = 8;
    QTest::newRow("U-Net, transposed convolutions") << ModelSpec(unet) << TaskKind::Segmentation << 32 << 4;
    unet.upsampling = Upsampling::Bilinear;
    unet.batchNorm = false;
    QTest::newRow("U-Net, bilinear, no batch norm") << ModelSpec(unet) << TaskKind::Segmentation << 32 << 4;
    unet.upsampling = Upsampling::Nearest;
    unet.batchNorm = true;
    unet.depth = 3;
    unet.baseFilters = 6;
    QTest::newRow("U-Net, nearest, depth 3") << ModelSpec(unet) << TaskKind::Segmentation << 32 << 4;
    // A 1x1 bottleneck: channels-last and contiguous strides coincide there.
    unet.upsampling = Upsampling::Transpose;
    QTest::newRow("U-Net, tile 8, depth 3") << ModelSpec(unet) << TaskKind::Segmentation << 8 << 4;

    ResUNetSpec resunet;
    resunet.inputChannels = 3;
    resunet.classes = 4;
    resunet.depth = 2;
    resunet.baseFilters = 8;
    resunet.blocksPerLevel = 2;
    QTest::newRow("ResUNet, transposed convolutions")
        << ModelSpec(resunet) << TaskKind::Segmentation << 32 << 4;
    resunet.upsampling = Upsampling::Bilinear;
    resunet.depth = 3;
    resunet.baseFilters = 4;
    resunet.blocksPerLevel = 3;
    // Three channels in, four out at full resolution: every level's first block projects.
    QTest::newRow("ResUNet, bilinear, depth 3, 3 blocks")
        << ModelSpec(resunet) << TaskKind::Segmentation << 16 << 4;

    CnnSpec cnn;
    cnn.inputChannels = 3;
    cnn.inputHeight = 16;
    cnn.inputWidth = 16;
    cnn.blocks = { ConvBlockSpec { 8, 3, 1, true, 2, true }, ConvBlockSpec { 16, 3, 1, false, 2, false } };
    cnn.blocks[1].activation = Activation::ELU;
    cnn.denseUnits = { 12 };
    cnn.classes = 3;
    QTest::newRow("CNN") << ModelSpec(cnn) << TaskKind::PatchClassification << 16 << 3;

    ConvAutoencoderSpec conv;
    conv.inputChannels = 3;
    conv.inputSize = 16;
    conv.depth = 2;
    conv.baseFilters = 8;
    conv.latent = 6;
    QTest::newRow("convolutional autoencoder") << ModelSpec(conv) << TaskKind::RasterAutoencoder << 16 << 0;

    DenseAutoencoderSpec dense;
    dense.inputSize = 3 * 8 * 8;
    dense.encoderLayers = { 32, 16 };
    dense.latent = 4;
    QTest::newRow("dense autoencoder") << ModelSpec(dense) << TaskKind::RasterAutoencoder << 8 << 0;
}

// Optimising must not change what the network computes: the outputs equal the engine's LibTorch
// modules' up to float rounding (folded batch norm and reordered sums).
void TestOptimizedNetwork::matchesTheEnginesNetwork()
{
    QFETCH(ModelSpec, spec);
    QFETCH(TaskKind, task);
    QFETCH(int, patch);
    QFETCH(int, classes);
    const QString path
        = writeRun(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_')),
                   spec, task, patch, classes);
    QVERIFY(!path.isEmpty());
    const TrainedModel model = TrainedModel::loadRun(path);
    const bool optimizable = OptimizedNetwork::supports(spec.kind());
    torch::manual_seed(7);
    torch::Tensor input = torch::randn({ 5, 3, patch, patch });
    if (spec.kind() == ModelKind::DenseAutoencoder)
        input = input.reshape({ 5, -1 });
    const torch::Tensor expected = model.network().forward(input);
    const double scale = expected.abs().max().item<double>();
    QVERIFY(scale > 1e-3); // a network that outputs zeros would compare equal to anything
    const double tolerance = 1e-5 * std::max(1.0, scale);

    // Both runtimes of the inference form: oneDNN's own primitives and the frozen TorchScript module.
    for (const auto runtime :
         { OptimizedNetwork::Runtime::Fastest, OptimizedNetwork::Runtime::TorchScript }) {
        OptimizedNetwork optimized(model, TorchScriptSource::Dropout::Identity, torch::kCPU, runtime);
        QVERIFY2(optimized.isOptimized() == optimizable, qPrintable(optimized.fallbackReason()));
        QVERIFY(optimizable || !optimized.fallbackReason().isEmpty());
        const bool oneDnn = runtime == OptimizedNetwork::Runtime::Fastest
            && OptimizedNetwork::runsInferenceForm(spec.kind()) && OneDnnNetwork::available();
        QCOMPARE(optimized.runsOneDnn(), oneDnn);

        const torch::Tensor actual = optimized.forward(input);
        QVERIFY2(optimized.isOptimized() == optimizable,
                 qPrintable(optimized.fallbackReason())); // no fallback
        QCOMPARE(optimized.runsOneDnn(), oneDnn);
        QCOMPARE(actual.sizes().vec(), expected.sizes().vec());
        const double difference = (actual - expected).abs().max().item<double>();
        QVERIFY2(difference <= tolerance,
                 qPrintable(QStringLiteral("%1 at scale %2").arg(difference).arg(scale)));
        // A batch of another size gets primitives and buffers of its own, and the first size again
        // the same outputs as before.
        const torch::Tensor single = optimized.forward(input.narrow(0, 0, 1));
        QVERIFY((single - expected.narrow(0, 0, 1)).abs().max().item<double>() <= tolerance);
        QCOMPARE((optimized.forward(input) - actual).abs().max().item<double>(), 0.0);
    }
}

void TestOptimizedNetwork::maskedDropoutIsTheSameInEveryForm_data()
{
    QTest::addColumn<ModelSpec>("spec");
    QTest::addColumn<TaskKind>("task");
    QTest::addColumn<int>("classes");
    UNetSpec unet;
    unet.inputChannels = 3;
    unet.classes = 4;
    unet.depth = 2;
    unet.baseFilters = 8;
    unet.dropout = 0.5;
    QTest::newRow("U-Net, bottleneck dropout") << ModelSpec(unet) << TaskKind::Segmentation << 4;
    ResUNetSpec resunet;
    resunet.inputChannels = 3;
    resunet.classes = 4;
    resunet.depth = 2;
    resunet.baseFilters = 4;
    resunet.blocksPerLevel = 1;
    resunet.dropout = 0.5;
    QTest::newRow("ResUNet, bottleneck dropout") << ModelSpec(resunet) << TaskKind::Segmentation << 4;
    CnnSpec cnn;
    cnn.inputChannels = 3;
    cnn.inputHeight = 16;
    cnn.inputWidth = 16;
    cnn.blocks = { ConvBlockSpec { 8, 3, 1, true, 2, true } };
    cnn.blocks[0].dropout = 0.25;
    cnn.denseUnits = { 12 };
    cnn.denseDropout = 0.5;
    cnn.classes = 3;
    QTest::newRow("CNN, block and dense dropout") << ModelSpec(cnn) << TaskKind::PatchClassification << 3;
}

// Monte Carlo dropout multiplies each dropout node's input by a mask drawn outside the network.
// The optimised module and the portable TorchScript agree for any masks, masks of ones give the
// evaluation output, and other masks change it.
void TestOptimizedNetwork::maskedDropoutIsTheSameInEveryForm()
{
    QFETCH(ModelSpec, spec);
    QFETCH(TaskKind, task);
    QFETCH(int, classes);
    const QString path
        = writeRun(QStringLiteral("masked-") + QString::number(int(spec.kind())), spec, task, 16, classes);
    QVERIFY(!path.isEmpty());
    const TrainedModel model = TrainedModel::loadRun(path);
    OptimizedNetwork optimized(model, TorchScriptSource::Dropout::Masked);
    QVERIFY2(optimized.isOptimized() == OptimizedNetwork::supports(spec.kind()),
             qPrintable(optimized.fallbackReason()));
    torch::jit::Module portable
        = ScriptModule::build(spec, model.network().scriptAttributes(), TorchScriptSource::Form::Portable,
                              TorchScriptSource::Dropout::Masked);

    torch::manual_seed(3);
    const torch::Tensor input = torch::randn({ 4, 3, 16, 16 });
    const LayerGraph graph = NetworkGraph::build(spec);
    const std::vector<std::vector<std::int64_t>> shapes = graph.shapes(input.sizes().vec());
    std::vector<torch::Tensor> ones;
    std::vector<torch::Tensor> masks;
    for (std::size_t n = 0; n < graph.nodes().size(); ++n)
        if (graph.nodes()[n].op == LayerOp::Dropout) {
            ones.push_back(torch::ones(shapes[n]));
            const double keep = 1.0 - graph.nodes()[n].rate;
            masks.push_back(torch::bernoulli(torch::full(shapes[n], keep)) / keep);
        }
    QVERIFY(!masks.empty());
    const auto portableForward = [&](const std::vector<torch::Tensor> &m) {
        torch::NoGradGuard noGrad;
        return portable.forward({ input, c10::List<torch::Tensor>(m) }).toTensor();
    };
    const torch::Tensor evaluation = model.network().forward(input);
    const double scale = std::max(1.0, evaluation.abs().max().item<double>());
    const auto largest
        = [](const torch::Tensor &a, const torch::Tensor &b) { return (a - b).abs().max().item<double>(); };
    QVERIFY(largest(optimized.forward(input, ones), evaluation) <= 1e-5 * scale);
    QVERIFY(largest(portableForward(ones), evaluation) <= 1e-5 * scale);
    const torch::Tensor dropped = optimized.forward(input, masks);
    QVERIFY2(largest(dropped, portableForward(masks)) <= 1e-5 * scale,
             qPrintable(QString::number(largest(dropped, portableForward(masks)))));
    QVERIFY(largest(dropped, evaluation) > 1e-3 * scale);
}

// Predicting from the run and from its export must give the same maps, so both build the very same
// optimised module: bit-identical outputs.
void TestOptimizedNetwork::exportedModelGivesTheRunsOutputs()
{
    UNetSpec unet;
    unet.inputChannels = 3;
    unet.classes = 3;
    unet.depth = 2;
    unet.baseFilters = 4;
    const QString path = writeRun(QStringLiteral("exported"), ModelSpec(unet), TaskKind::Segmentation, 16, 3);
    const TrainedModel run = TrainedModel::loadRun(path);
    const QString modelPath = m_dir.filePath(QStringLiteral("exported.pt"));
    ModelExporter::exportRun(run, ExportFormat::TorchScript, modelPath);
    const ExportedModel exported = ExportedModel::load(modelPath);

    OptimizedNetwork fromRun(run);
    OptimizedNetwork fromExport(exported);
    QVERIFY(fromRun.isOptimized());
    QVERIFY(fromExport.isOptimized());
    torch::manual_seed(9);
    const torch::Tensor input = torch::randn({ 4, 3, 32, 32 });
    const torch::Tensor a = fromRun.forward(input);
    const torch::Tensor b = fromExport.forward(input);
    QVERIFY(fromRun.isOptimized() && fromExport.isOptimized());
    QVERIFY(a.abs().max().item<double>() > 1e-3);
    QCOMPARE((a - b).abs().max().item<double>(), 0.0);
}

// The U-Net's inference form: oneDNN convolutions on channels-last activations, nothing that
// converts them to another layout or copies them whole (transposed convolutions, concatenations,
// pixel shuffles of NCHW maps), batch norm folded; the exported source keeps the portable operators.
void TestOptimizedNetwork::unetRunsChannelsLastWithoutConcatenation()
{
    UNetSpec unet;
    unet.inputChannels = 3;
    unet.classes = 2;
    unet.depth = 2;
    unet.baseFilters = 4;
    const QString path = writeRun(QStringLiteral("graph"), ModelSpec(unet), TaskKind::Segmentation, 16, 2);
    const TrainedModel model = TrainedModel::loadRun(path);
    OptimizedNetwork optimized(model, TorchScriptSource::Dropout::Identity, torch::kCPU,
                               OptimizedNetwork::Runtime::TorchScript);
    QVERIFY2(optimized.isOptimized(), qPrintable(optimized.fallbackReason()));
    const QString graph = optimized.graphText();
    if (!OneDnnCheck::ensure()) {
        // LibTorch's oneDNN computes wrong here and was turned off: the portable form runs instead.
        QVERIFY(!graph.contains(QLatin1String("mkldnn")));
        QVERIFY(graph.contains(QLatin1String("conv_transpose2d")));
        QSKIP(qPrintable(OneDnnCheck::finding()));
    }
    for (const char *absent : { "conv_transpose2d", "aten::cat", "pixel_shuffle", "batch_norm", "to_dense",
                                "to_mkldnn", "aten::conv2d", "aten::sqrt" })
        QVERIFY2(!graph.contains(QLatin1String(absent)), absent);
    QCOMPARE(graph.count(QLatin1String("aten::mkldnn_convolution")), 2 * (2 * 2 + 1) + 2 + 2 + 1);
    QVERIFY(graph.contains(QLatin1String("aten::add_")));
    const QString portable = TorchScriptSource::forward(ModelSpec(unet));
    QVERIFY(portable.contains(QLatin1String("conv_transpose2d")));
    QVERIFY(portable.contains(QLatin1String("torch.cat")));
}

// The ResUNet's inference form: every batch norm folded into its convolution, each residual
// block's sum and ReLU in place on its second convolution's output, no copy of the activations.
void TestOptimizedNetwork::resUNetAddsShortcutsInPlaceWithBatchNormFolded()
{
    ResUNetSpec resunet;
    resunet.inputChannels = 3;
    resunet.classes = 2;
    resunet.depth = 2;
    resunet.baseFilters = 4;
    resunet.blocksPerLevel = 2;
    const ModelSpec spec(resunet);
    const LayerGraph graph = NetworkGraph::build(spec);
    int additions = 0;
    for (const InferenceForm::Step &step : InferenceForm::steps(graph)) {
        QVERIFY(step.op != LayerOp::Add && step.op != LayerOp::BatchNorm2d);
        if (step.residual >= 0) {
            ++additions;
            QVERIFY(step.relu);
            QVERIFY(step.norm >= 0);
        }
    }
    QCOMPARE(additions, 3 * 2); // depth 2: two levels and the bottleneck, two blocks each

    const QString path = writeRun(QStringLiteral("resunet-graph"), spec, TaskKind::Segmentation, 16, 2);
    const TrainedModel model = TrainedModel::loadRun(path);
    OptimizedNetwork optimized(model, TorchScriptSource::Dropout::Identity, torch::kCPU,
                               OptimizedNetwork::Runtime::TorchScript);
    QVERIFY2(optimized.isOptimized(), qPrintable(optimized.fallbackReason()));
    const QString text = optimized.graphText();
    if (!OneDnnCheck::ensure()) {
        QVERIFY(!text.contains(QLatin1String("mkldnn")));
        QSKIP(qPrintable(OneDnnCheck::finding()));
    }
    for (const char *absent : { "conv_transpose2d", "aten::cat", "batch_norm", "to_dense", "to_mkldnn",
                                "aten::conv2d", "aten::sqrt", "aten::add(" })
        QVERIFY2(!text.contains(QLatin1String(absent)), absent);
    // Per block two 3x3 convolutions (6 blocks), 3 projections; the decoder's 2 transposed (as
    // 1x1) and 2 x 2 concatenated halves, 2 x 1 second convolutions; the head.
    QCOMPARE(text.count(QLatin1String("aten::mkldnn_convolution")), 6 * 2 + 3 + 2 + 2 * 2 + 2 + 1);
    // The six residual sums and the decoder's two sums of convolutions over concatenated halves.
    QCOMPARE(text.count(QLatin1String("aten::add_")), 6 + 2);
    const QString portable = TorchScriptSource::forward(spec);
    QCOMPARE(portable.count(QLatin1String("torch.add(")), 6);
    QCOMPARE(portable.count(QLatin1String("torch.batch_norm(")), 6 * 2 + 3 + 2 * 2);
}

QTEST_GUILESS_MAIN(TestOptimizedNetwork)
#include "testoptimizednetwork.moc"
