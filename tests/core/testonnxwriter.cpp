#include "common/dataerror.h"
#include "export/modelexporter.h"
#include "export/onnxwriter.h"
#include "export/private/onnxgraphbuilder.h"
#include "models/graph/networkgraph.h"
#include "models/model.h"
#include "models/private/modelprivate.h"
#include "onnxreference.h"

#include <onnx/checker.h>
#include <onnx/shape_inference/implementation.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;
using deepterra::test::OnnxReference;

static constexpr auto attribute = &OnnxReference::attribute;

Q_DECLARE_METATYPE(deepterra::ModelSpec)

// The ONNX back end of the layer graph, checked with libonnx itself: every family's export passes
// the checker and strict shape inference, and shape inference on a concrete input gives the shape
// the layer graph computes. TestModelExporter compares the numbers with the engine through
// OpenCV's DNN module, which cannot run opset 13's LSTM and GRU: recurrent forecasters are
// evaluated here, by ONNX's own equations for those operators.
class TestOnnxWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyFamilyPassesTheCheckerAndInfersItsOutputShape_data();
    void everyFamilyPassesTheCheckerAndInfersItsOutputShape();
    void fullyConvolutionalNetworksTakeAnySize();
    void batchNormIsABatchNormalizationWithRunningStatistics();
    void upsamplingIsAResizeAsLibTorchComputesIt_data();
    void upsamplingIsAResizeAsLibTorchComputesIt();
    void geluIsWrittenWithErf();
    void recurrentGatesAreInOnnxOrder();
    void recurrentForecastersMatchTheEngine_data();
    void recurrentForecastersMatchTheEngine();
    void dropoutIsTheIdentity();
    void missingOrMisshapenWeightsAreDataErrors();
    void checkerFailureIsADataErrorNamingTheFile();

private:
    struct Written
    {
        onnx::ModelProto model;
        LayerGraph graph { 0 };
        WeightTable weights;
    };
    // The network, written through OnnxWriter and read back; a spec's network is seeded.
    Written write(const ModelSpec &spec, const QString &name);
    Written write(const Model &model, const QString &name);
    static std::vector<std::int64_t> inferredOutput(const onnx::ModelProto &model,
                                                    const std::vector<std::int64_t> &input, QString *error);
    static std::vector<const onnx::NodeProto *> nodes(const onnx::ModelProto &model,
                                                      const std::string &opType);
    static const onnx::TensorProto *initializer(const onnx::ModelProto &model, const std::string &name);
    static std::vector<float> floats(const onnx::TensorProto &tensor);
    static std::vector<std::string> dims(const onnx::ValueInfoProto &value);

    static CnnSpec cnnWithBatchNorm();
    static UNetSpec unet(int depth, Upsampling upsampling, bool batchNorm);

    QTemporaryDir m_dir;
};

void TestOnnxWriter::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

CnnSpec TestOnnxWriter::cnnWithBatchNorm()
{
    CnnSpec cnn;
    cnn.inputChannels = 3;
    cnn.inputHeight = 20;
    cnn.inputWidth = 16;
    cnn.blocks = { { 8, 3, 1, true, 2, true, 0.2, Activation::ReLU },
                   { 6, 3, 2, false, 1, false, 0.0, Activation::LeakyReLU } };
    cnn.denseUnits = { 10 };
    cnn.denseDropout = 0.5;
    cnn.denseActivation = Activation::Tanh;
    cnn.classes = 4;
    return cnn;
}

UNetSpec TestOnnxWriter::unet(int depth, Upsampling upsampling, bool batchNorm)
{
    UNetSpec spec;
    spec.inputChannels = 4;
    spec.classes = 3;
    spec.depth = depth;
    spec.baseFilters = 4;
    spec.batchNorm = batchNorm;
    spec.upsampling = upsampling;
    spec.dropout = 0.3;
    return spec;
}

TestOnnxWriter::Written TestOnnxWriter::write(const ModelSpec &spec, const QString &name)
{
    return write(Model::create(spec, 5), name);
}

TestOnnxWriter::Written TestOnnxWriter::write(const Model &model, const QString &name)
{
    Written w;
    w.graph = NetworkGraph::build(model.spec());
    w.weights = ModelExporter::weights(model);
    const QString path = m_dir.filePath(name + QStringLiteral(".onnx"));
    OnnxWriter::write(w.graph, model.defaultInputShape(), w.weights, path, "{\"card\": 1}");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return w;
    const QByteArray bytes = file.readAll();
    w.model.ParseFromArray(bytes.constData(), int(bytes.size()));
    return w;
}

// Shape inference on the model with a concrete input and nothing declared about the output, so
// that the output's shape is what every node's inference makes of it.
std::vector<std::int64_t> TestOnnxWriter::inferredOutput(const onnx::ModelProto &written,
                                                         const std::vector<std::int64_t> &input,
                                                         QString *error)
{
    onnx::ModelProto model = written;
    onnx::GraphProto *graph = model.mutable_graph();
    graph->clear_value_info();
    graph->mutable_output(0)->mutable_type()->mutable_tensor_type()->clear_shape();
    onnx::TensorShapeProto *shape
        = graph->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape();
    shape->clear_dim();
    for (std::int64_t d : input)
        shape->add_dim()->set_dim_value(d);
    try {
        onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                           onnx::ShapeInferenceOptions(true, 1, false));
    } catch (const std::exception &e) {
        *error = QString::fromUtf8(e.what());
        return {};
    }
    std::vector<std::int64_t> dims;
    for (const auto &dim : model.graph().output(0).type().tensor_type().shape().dim())
        dims.push_back(dim.has_dim_value() ? dim.dim_value() : -1);
    return dims;
}

std::vector<const onnx::NodeProto *> TestOnnxWriter::nodes(const onnx::ModelProto &model,
                                                           const std::string &opType)
{
    std::vector<const onnx::NodeProto *> found;
    for (const onnx::NodeProto &node : model.graph().node())
        if (node.op_type() == opType)
            found.push_back(&node);
    return found;
}

const onnx::TensorProto *TestOnnxWriter::initializer(const onnx::ModelProto &model, const std::string &name)
{
    for (const onnx::TensorProto &tensor : model.graph().initializer())
        if (tensor.name() == name)
            return &tensor;
    return nullptr;
}

std::vector<float> TestOnnxWriter::floats(const onnx::TensorProto &tensor)
{
    std::vector<float> values(tensor.raw_data().size() / sizeof(float));
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = qFromLittleEndian<float>(tensor.raw_data().data() + i * sizeof(float));
    return values;
}

void TestOnnxWriter::everyFamilyPassesTheCheckerAndInfersItsOutputShape_data()
{
    QTest::addColumn<ModelSpec>("spec");
    QTest::addColumn<QList<qint64>>("input"); // concrete, for shape inference

    CnnSpec gelu = cnnWithBatchNorm();
    gelu.blocks[1].activation = Activation::GELU;
    gelu.denseActivation = Activation::GELU;
    CnnSpec elu = cnnWithBatchNorm();
    elu.denseActivation = Activation::ELU;
    elu.blocks[0].activation = Activation::Sigmoid;

    DenseAutoencoderSpec dense;
    dense.inputSize = 12;
    dense.encoderLayers = { 8 };
    dense.latent = 3;
    dense.activation = Activation::ELU;
    ConvAutoencoderSpec conv;
    conv.inputChannels = 2;
    conv.inputSize = 16;
    conv.depth = 2;
    conv.baseFilters = 4;
    conv.latent = 5;
    RecurrentSpec lstm;
    lstm.inputs = 3;
    lstm.hiddenSize = 5;
    lstm.layers = 2;
    lstm.dropout = 0.2;
    lstm.lookback = 7;
    lstm.horizon = 2;
    lstm.targets = 3;
    RecurrentSpec gru = lstm;
    gru.cell = RecurrentCell::Gru;
    gru.layers = 1;

    QTest::newRow("cnn-batchnorm") << ModelSpec(cnnWithBatchNorm()) << QList<qint64> { 2, 3, 20, 16 };
    QTest::newRow("cnn-gelu") << ModelSpec(gelu) << QList<qint64> { 2, 3, 20, 16 };
    QTest::newRow("cnn-elu-sigmoid") << ModelSpec(elu) << QList<qint64> { 1, 3, 20, 16 };
    QTest::newRow("unet2-transpose") << ModelSpec(unet(2, Upsampling::Transpose, true))
                                     << QList<qint64> { 2, 4, 32, 48 };
    QTest::newRow("unet3-bilinear") << ModelSpec(unet(3, Upsampling::Bilinear, false))
                                    << QList<qint64> { 2, 4, 40, 24 };
    QTest::newRow("unet3-nearest") << ModelSpec(unet(3, Upsampling::Nearest, true))
                                   << QList<qint64> { 1, 4, 16, 8 };
    QTest::newRow("unet2-bilinear") << ModelSpec(unet(2, Upsampling::Bilinear, true))
                                    << QList<qint64> { 3, 4, 12, 20 };
    ResUNetSpec resunet;
    resunet.inputChannels = 3;
    resunet.classes = 2;
    resunet.depth = 2;
    resunet.baseFilters = 4;
    resunet.dropout = 0.2;
    QTest::newRow("resunet2-transpose") << ModelSpec(resunet) << QList<qint64> { 2, 3, 24, 16 };
    resunet.depth = 3;
    resunet.blocksPerLevel = 1;
    resunet.upsampling = Upsampling::Bilinear;
    QTest::newRow("resunet3-bilinear") << ModelSpec(resunet) << QList<qint64> { 1, 3, 16, 40 };
    QTest::newRow("dense-autoencoder") << ModelSpec(dense) << QList<qint64> { 5, 12 };
    QTest::newRow("conv-autoencoder") << ModelSpec(conv) << QList<qint64> { 2, 2, 16, 16 };
    // Found by fuzzing (tests/fuzz/corpus/onnxexport/crash-d1de...): a 1x1 bottleneck, which trains,
    // was refused by the graph's shape rules ("too small for the layer decoder1") and so not exported.
    ConvAutoencoderSpec deep = conv;
    deep.inputSize = 32;
    deep.depth = 5;
    QTest::newRow("conv-autoencoder-1x1-bottleneck") << ModelSpec(deep) << QList<qint64> { 1, 2, 32, 32 };
    QTest::newRow("lstm") << ModelSpec(lstm) << QList<qint64> { 4, 7, 3 };
    QTest::newRow("gru") << ModelSpec(gru) << QList<qint64> { 4, 7, 3 };
}

void TestOnnxWriter::everyFamilyPassesTheCheckerAndInfersItsOutputShape()
{
    QFETCH(ModelSpec, spec);
    QFETCH(QList<qint64>, input);
    Written w = write(spec, QString::fromLatin1(QTest::currentDataTag()));
    QCOMPARE(w.model.graph().input_size(), 1);
    QCOMPARE(w.model.graph().output_size(), 1);
    QCOMPARE(w.model.graph().input(0).name(), std::string("input"));
    QCOMPARE(w.model.graph().output(0).name(), std::string("output"));
    QCOMPARE(w.model.ir_version(), std::int64_t(7));
    QCOMPARE(w.model.opset_import_size(), 1);
    QCOMPARE(w.model.opset_import(0).version(), std::int64_t(13));
    QCOMPARE(w.model.metadata_props_size(), 1);
    QCOMPARE(w.model.metadata_props(0).key(), std::string("deepterra.card"));
    QCOMPARE(w.model.metadata_props(0).value(), std::string("{\"card\": 1}"));
    QCOMPARE(dims(w.model.graph().input(0)).front(), std::string("N"));

    // What onnx.checker.check_model(model, full_check=True) runs, on the file as written.
    try {
        onnx::checker::check_model(w.model);
        onnx::ModelProto inferred = w.model;
        onnx::shape_inference::InferShapes(inferred, onnx::OpSchemaRegistry::Instance(),
                                           onnx::ShapeInferenceOptions(true, 1, false));
    } catch (const std::exception &e) {
        QFAIL(e.what());
    }

    const std::vector<std::int64_t> shape(input.begin(), input.end());
    QString error;
    const std::vector<std::int64_t> inferred = inferredOutput(w.model, shape, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(inferred, w.graph.shapes(shape)[std::size_t(w.graph.output())]);

    // Every parameter travels (buffers too, where they are used: the running statistics).
    for (const LayerWeights &layer : w.graph.weights())
        if (layer.kind != LayerWeights::Kind::Recurrent)
            for (const WeightTensorShape &tensor : layer.tensors()) {
                if (tensor.integer)
                    continue;
                const std::string name = layer.path + "." + tensor.name;
                const onnx::TensorProto *stored = initializer(w.model, name);
                QVERIFY2(stored, name.c_str());
                QCOMPARE(std::vector<std::int64_t>(stored->dims().begin(), stored->dims().end()),
                         tensor.shape);
                QCOMPARE(floats(*stored), w.weights.at(name).values);
            }
}

// A value's dimensions as sizes and names: { "N", "4", "H", "W" }.
std::vector<std::string> TestOnnxWriter::dims(const onnx::ValueInfoProto &value)
{
    std::vector<std::string> dims;
    for (const auto &dim : value.type().tensor_type().shape().dim())
        dims.push_back(dim.has_dim_value() ? std::to_string(dim.dim_value()) : dim.dim_param());
    return dims;
}

void TestOnnxWriter::fullyConvolutionalNetworksTakeAnySize()
{
    const Written segmenter = write(ModelSpec(unet(2, Upsampling::Bilinear, true)), QStringLiteral("free"));
    QCOMPARE(dims(segmenter.model.graph().input(0)), (std::vector<std::string> { "N", "4", "H", "W" }));
    QCOMPARE(dims(segmenter.model.graph().output(0)), (std::vector<std::string> { "N", "3", "H", "W" }));
    const Written cnn = write(ModelSpec(cnnWithBatchNorm()), QStringLiteral("fixed"));
    QCOMPARE(dims(cnn.model.graph().input(0)), (std::vector<std::string> { "N", "3", "20", "16" }));
    QCOMPARE(dims(cnn.model.graph().output(0)), (std::vector<std::string> { "N", "4" }));
}

void TestOnnxWriter::batchNormIsABatchNormalizationWithRunningStatistics()
{
    const Written w = write(ModelSpec(cnnWithBatchNorm()), QStringLiteral("batchnorm"));
    const auto norms = nodes(w.model, "BatchNormalization");
    QCOMPARE(norms.size(), std::size_t(1));
    const onnx::NodeProto &bn = *norms[0];
    QCOMPARE(bn.input_size(), 5);
    QCOMPARE(bn.input(3), std::string("block1_bn.running_mean"));
    QCOMPARE(bn.input(4), std::string("block1_bn.running_var"));
    QVERIFY(attribute(bn, "epsilon"));
    QCOMPARE(attribute(bn, "epsilon")->f(), 1e-5f);
    // Its input is the convolution's output; a ReLU follows.
    const auto convs = nodes(w.model, "Conv");
    QCOMPARE(bn.input(0), convs[0]->output(0));
    QCOMPARE(nodes(w.model, "Relu")[0]->input(0), bn.output(0));
}

void TestOnnxWriter::upsamplingIsAResizeAsLibTorchComputesIt_data()
{
    QTest::addColumn<int>("upsampling");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("coordinates");
    QTest::addColumn<QString>("rounding");
    QTest::newRow("bilinear") << int(Upsampling::Bilinear) << "linear"
                              << "half_pixel"
                              << "";
    QTest::newRow("nearest") << int(Upsampling::Nearest) << "nearest"
                             << "asymmetric"
                             << "floor";
    QTest::newRow("transpose") << int(Upsampling::Transpose) << ""
                               << ""
                               << "";
}

void TestOnnxWriter::upsamplingIsAResizeAsLibTorchComputesIt()
{
    QFETCH(int, upsampling);
    QFETCH(QString, mode);
    QFETCH(QString, coordinates);
    QFETCH(QString, rounding);
    const Written w = write(ModelSpec(unet(3, Upsampling(upsampling), true)),
                            QStringLiteral("resize-") + QString::fromLatin1(QTest::currentDataTag()));
    const auto resizes = nodes(w.model, "Resize");
    const auto transposed = nodes(w.model, "ConvTranspose");
    if (mode.isEmpty()) {
        QCOMPARE(resizes.size(), std::size_t(0));
        QCOMPARE(transposed.size(), std::size_t(3));
        QCOMPARE(attribute(*transposed[0], "strides")->ints_size(), 2);
        QCOMPARE(attribute(*transposed[0], "strides")->ints(0), std::int64_t(2));
        return;
    }
    QCOMPARE(transposed.size(), std::size_t(0));
    QCOMPARE(resizes.size(), std::size_t(3));
    for (const onnx::NodeProto *resize : resizes) {
        QCOMPARE(QString::fromStdString(attribute(*resize, "mode")->s()), mode);
        QCOMPARE(QString::fromStdString(attribute(*resize, "coordinate_transformation_mode")->s()),
                 coordinates);
        const onnx::AttributeProto *nearest = attribute(*resize, "nearest_mode");
        QCOMPARE(nearest ? QString::fromStdString(nearest->s()) : QString(), rounding);
        QCOMPARE(resize->input_size(), 3);
        QCOMPARE(resize->input(1), std::string()); // no region of interest
        const onnx::TensorProto *scales = initializer(w.model, resize->input(2));
        QVERIFY(scales);
        QCOMPARE(floats(*scales), (std::vector<float> { 1.0f, 1.0f, 2.0f, 2.0f }));
    }
}

void TestOnnxWriter::geluIsWrittenWithErf()
{
    CnnSpec spec = cnnWithBatchNorm();
    spec.denseActivation = Activation::GELU;
    const Written w = write(ModelSpec(spec), QStringLiteral("gelu"));
    const auto erfs = nodes(w.model, "Erf");
    QCOMPARE(erfs.size(), std::size_t(1));
    // erf(x / sqrt(2)), then 0.5 * x * (1 + erf): the dense layer's output goes in twice.
    const onnx::NodeProto *scale = nullptr;
    for (const onnx::NodeProto &node : w.model.graph().node())
        if (node.output(0) == erfs[0]->input(0))
            scale = &node;
    QVERIFY(scale);
    QCOMPARE(scale->op_type(), std::string("Mul"));
    QCOMPARE(scale->input(0), std::string("dense1"));
    QCOMPARE(floats(*initializer(w.model, scale->input(1))),
             std::vector<float> { float(0.70710678118654752440) });
    int uses = 0;
    for (const onnx::NodeProto &node : w.model.graph().node())
        for (const std::string &input : node.input())
            uses += input == "dense1";
    QCOMPARE(uses, 2);
}

// LibTorch stacks the LSTM's gates i, f, g, o and the GRU's r, z, n; ONNX wants i, o, f, c and z, r, h.
void TestOnnxWriter::recurrentGatesAreInOnnxOrder()
{
    for (RecurrentCell cell : { RecurrentCell::Lstm, RecurrentCell::Gru }) {
        RecurrentSpec spec;
        spec.cell = cell;
        spec.inputs = 2;
        spec.hiddenSize = 3;
        spec.layers = 2;
        const bool lstm = cell == RecurrentCell::Lstm;
        const Written w
            = write(ModelSpec(spec), lstm ? QStringLiteral("lstm-gates") : QStringLiteral("gru-gates"));
        const std::string path = lstm ? "lstm" : "gru";
        const std::vector<int> order = lstm ? std::vector<int> { 0, 3, 1, 2 } : std::vector<int> { 1, 0, 2 };
        const auto cells = nodes(w.model, lstm ? "LSTM" : "GRU");
        QCOMPARE(cells.size(), std::size_t(2));
        for (int layer = 0; layer < 2; ++layer) {
            const std::string l = std::to_string(layer);
            const onnx::NodeProto &node = *cells[std::size_t(layer)];
            QCOMPARE(attribute(node, "hidden_size")->i(), std::int64_t(3));
            if (!lstm)
                QCOMPARE(attribute(node, "linear_before_reset")->i(), std::int64_t(1));
            const std::vector<float> &ih = w.weights.at(path + ".weight_ih_l" + l).values;
            const std::vector<float> &hh = w.weights.at(path + ".weight_hh_l" + l).values;
            const std::vector<float> &bih = w.weights.at(path + ".bias_ih_l" + l).values;
            const std::vector<float> &bhh = w.weights.at(path + ".bias_hh_l" + l).values;
            const std::vector<float> W = floats(*initializer(w.model, node.input(1)));
            const std::vector<float> R = floats(*initializer(w.model, node.input(2)));
            const std::vector<float> B = floats(*initializer(w.model, node.input(3)));
            const std::size_t inputs = layer == 0 ? 2 : 3, gates = order.size();
            QCOMPARE(W.size(), ih.size());
            QCOMPARE(R.size(), hh.size());
            QCOMPARE(B.size(), bih.size() + bhh.size());
            for (std::size_t g = 0; g < gates; ++g)
                for (std::size_t row = 0; row < 3; ++row) {
                    const std::size_t from = std::size_t(order[g]) * 3 + row, to = g * 3 + row;
                    for (std::size_t c = 0; c < inputs; ++c)
                        QCOMPARE(W[to * inputs + c], ih[from * inputs + c]);
                    for (std::size_t c = 0; c < 3; ++c)
                        QCOMPARE(R[to * 3 + c], hh[from * 3 + c]);
                    QCOMPARE(B[to], bih[from]);
                    QCOMPARE(B[gates * 3 + to], bhh[from]);
                }
        }
    }
}

void TestOnnxWriter::recurrentForecastersMatchTheEngine_data()
{
    QTest::addColumn<int>("cell");
    QTest::addColumn<int>("layers");
    QTest::newRow("lstm-1") << int(RecurrentCell::Lstm) << 1;
    QTest::newRow("lstm-3") << int(RecurrentCell::Lstm) << 3;
    QTest::newRow("gru-1") << int(RecurrentCell::Gru) << 1;
    QTest::newRow("gru-2") << int(RecurrentCell::Gru) << 2;
}

void TestOnnxWriter::recurrentForecastersMatchTheEngine()
{
    QFETCH(int, cell);
    QFETCH(int, layers);
    RecurrentSpec spec;
    spec.cell = RecurrentCell(cell);
    spec.inputs = 3;
    spec.hiddenSize = 6;
    spec.layers = layers;
    spec.dropout = 0.3; // between layers in training; none in evaluation
    spec.lookback = 9;
    spec.horizon = 2;
    spec.targets = 2;
    const Model model = Model::create(ModelSpec(spec), 3);
    NetworkImpl &network = *model.privateData().network;
    network.eval();
    torch::NoGradGuard noGrad;
    torch::manual_seed(4);
    const torch::Tensor input = torch::randn({ 5, spec.lookback, spec.inputs });
    const torch::Tensor expected = network.forward(input);

    const Written w = write(model, QStringLiteral("numbers-") + QString::fromLatin1(QTest::currentDataTag()));
    QVERIFY(w.model.graph().node_size() > 0);
    QString error;
    const torch::Tensor actual = OnnxReference::evaluate(w.model, input, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(actual.sizes().vec(), expected.sizes().vec());
    const double difference = (actual - expected).abs().max().item<double>();
    QVERIFY2(difference <= 1e-5, qPrintable(QString::number(difference)));
}

void TestOnnxWriter::dropoutIsTheIdentity()
{
    // Dropout after block 1, after the dense layer and at the U-Net's bottleneck: none in the file.
    const Written cnn = write(ModelSpec(cnnWithBatchNorm()), QStringLiteral("dropout-cnn"));
    const Written segmenter
        = write(ModelSpec(unet(2, Upsampling::Transpose, true)), QStringLiteral("dropout-unet"));
    QCOMPARE(nodes(cnn.model, "Dropout").size(), std::size_t(0));
    QCOMPARE(nodes(segmenter.model, "Dropout").size(), std::size_t(0));
    QCOMPARE(nodes(cnn.model, "Identity").size(), std::size_t(0));
    // What a dropout reads is what the next layer reads.
    QCOMPARE(nodes(cnn.model, "Conv")[1]->input(0), nodes(cnn.model, "MaxPool")[0]->output(0));
    QCOMPARE(nodes(cnn.model, "Gemm")[1]->input(0), nodes(cnn.model, "Tanh")[0]->output(0));
}

void TestOnnxWriter::missingOrMisshapenWeightsAreDataErrors()
{
    const ModelSpec spec(unet(2, Upsampling::Transpose, true));
    const Model model = Model::create(spec, 1);
    const LayerGraph graph = NetworkGraph::build(spec);
    const QString path = m_dir.filePath(QStringLiteral("broken.onnx"));

    WeightTable missing = ModelExporter::weights(model);
    missing.erase("down2.bn1.running_var");
    try {
        OnnxWriter::write(graph, model.defaultInputShape(), missing, path);
        QFAIL("a network without a weight was written");
    } catch (const DataError &e) {
        QCOMPARE(e.path(), path);
        QVERIFY2(e.cause().contains(QStringLiteral("down2.bn1.running_var")), qPrintable(e.cause()));
    }

    WeightTable misshapen = ModelExporter::weights(model);
    misshapen["up1_transpose.weight"].shape = { 8, 4, 3, 3 };
    try {
        OnnxWriter::write(graph, model.defaultInputShape(), misshapen, path);
        QFAIL("a network with a misshapen weight was written");
    } catch (const DataError &e) {
        QCOMPARE(e.path(), path);
        QVERIFY2(e.cause().contains(QStringLiteral("up1_transpose.weight")), qPrintable(e.cause()));
    }
    QVERIFY(!QFile::exists(path));
}

void TestOnnxWriter::checkerFailureIsADataErrorNamingTheFile()
{
    const ModelSpec spec(cnnWithBatchNorm());
    const Model model = Model::create(spec, 1);
    const QString path = m_dir.filePath(QStringLiteral("unchecked.onnx"));
    onnx::ModelProto proto = OnnxGraphBuilder::build(NetworkGraph::build(spec), model.defaultInputShape(),
                                                     ModelExporter::weights(model), path);
    onnx::ModelProto valid = proto;
    QVERIFY(!OnnxWriter::serialize(valid, path).isEmpty());

    proto.mutable_graph()->mutable_node(0)->set_op_type("NoSuchOperator");
    try {
        OnnxWriter::serialize(proto, path);
        QFAIL("the checker accepted an unknown operator");
    } catch (const DataError &e) {
        QCOMPARE(e.path(), path);
        QVERIFY2(e.cause().contains(QStringLiteral("NoSuchOperator")), qPrintable(e.cause()));
    }

    // An error only shape inference finds: the declared output disagrees with the layers.
    proto = OnnxGraphBuilder::build(NetworkGraph::build(spec), model.defaultInputShape(),
                                    ModelExporter::weights(model), path);
    proto.mutable_graph()
        ->mutable_output(0)
        ->mutable_type()
        ->mutable_tensor_type()
        ->mutable_shape()
        ->mutable_dim(1)
        ->set_dim_value(5);
    try {
        OnnxWriter::serialize(proto, path);
        QFAIL("shape inference accepted an output of the wrong size");
    } catch (const DataError &e) {
        QCOMPARE(e.path(), path);
        QVERIFY2(e.cause().startsWith(QStringLiteral("the ONNX checker rejects the model")),
                 qPrintable(e.cause()));
    }
}

QTEST_GUILESS_MAIN(TestOnnxWriter)
#include "testonnxwriter.moc"
