#include "common/dataerror.h"
#include "models/graph/networkgraph.h"
#include "models/model.h"
#include "models/modelpresets.h"

#include <QtTest>

using namespace deepterra;

class TestModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void referencePresetsHaveTheirParameterCounts_data();
    void referencePresetsHaveTheirParameterCounts();
    void seedCnnLayerTable();
    void unetKeepsTheInputResolution_data();
    void unetKeepsTheInputResolution();
    void resUNetLayerTableMatchesAHandCount();
    void resUNetShortcutsProjectOnlyWhereTheShapeChanges();
    void forecasterOutputsHorizonByTargets();
    void autoencodersReconstructTheInputShape();
    void sameSeedSameWeights();
    void invalidSpecIsRefused();
};

void TestModel::referencePresetsHaveTheirParameterCounts_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<qint64>("parameters");
    // Hand counts: seed-cnn 896 + 18,496 + 73,856 + (128*26*26*10 + 10) = 958,538.
    QTest::newRow("seed-cnn") << QStringLiteral("seed-cnn") << qint64(958538);
    // PyTorch's LSTM keeps two bias vectors per gate: 4*(50*1+50*50+2*50) + 2*4*(50*50+50*50+2*50) + 51 =
    // 51,451.
    QTest::newRow("seed-lstm") << QStringLiteral("seed-lstm") << qint64(51451);
    // 784-64-32-16-8-4 and mirror, with biases: 53,020 + 53,800 = 106,820.
    QTest::newRow("seed-autoencoder") << QStringLiteral("seed-autoencoder") << qint64(106820);
}

void TestModel::referencePresetsHaveTheirParameterCounts()
{
    QFETCH(QString, preset);
    QFETCH(qint64, parameters);
    const auto spec = ModelPresets::find(preset);
    QVERIFY(spec);
    const Model model = Model::create(*spec);
    QCOMPARE(qint64(model.parameterCount()), parameters);
    QCOMPARE(qint64(model.summary().totalParameters), parameters);
}

void TestModel::seedCnnLayerTable()
{
    const Model model = Model::create(*ModelPresets::find(QStringLiteral("seed-cnn")));
    const ModelSummary summary = model.summary();
    QCOMPARE(summary.inputShape, (std::vector<std::int64_t> { 1, 3, 224, 224 }));
    // Valid 3x3 convolutions and 2x2 pooling: 224 -> 222 -> 111 -> 109 -> 54 -> 52 -> 26.
    const auto shapeOf = [&](const QString &name) {
        for (const ModelSummaryRow &row : summary.rows)
            if (row.name == name)
                return row.outputShape;
        return std::vector<std::int64_t> {};
    };
    QCOMPARE(shapeOf(QStringLiteral("block1.conv")), (std::vector<std::int64_t> { 1, 32, 222, 222 }));
    QCOMPARE(shapeOf(QStringLiteral("block1.pool")), (std::vector<std::int64_t> { 1, 32, 111, 111 }));
    QCOMPARE(shapeOf(QStringLiteral("block3.pool")), (std::vector<std::int64_t> { 1, 128, 26, 26 }));
    QCOMPARE(shapeOf(QStringLiteral("flatten")), (std::vector<std::int64_t> { 1, 86528 }));
    QCOMPARE(shapeOf(QStringLiteral("output")), (std::vector<std::int64_t> { 1, 10 }));
    std::int64_t sum = 0;
    for (const ModelSummaryRow &row : summary.rows)
        sum += row.parameters;
    QCOMPARE(sum, summary.totalParameters);
    QVERIFY(summary.toText().contains(QStringLiteral("Total parameters: 958,538")));
}

void TestModel::unetKeepsTheInputResolution_data()
{
    QTest::addColumn<int>("upsampling");
    QTest::newRow("transpose") << int(Upsampling::Transpose);
    QTest::newRow("bilinear") << int(Upsampling::Bilinear);
    QTest::newRow("nearest") << int(Upsampling::Nearest);
}

void TestModel::unetKeepsTheInputResolution()
{
    QFETCH(int, upsampling);
    UNetSpec spec;
    spec.inputChannels = 6;
    spec.classes = 5;
    spec.depth = 3;
    spec.baseFilters = 8;
    spec.upsampling = Upsampling(upsampling);
    const Model model = Model::create(ModelSpec(spec));
    const ModelSummary summary = model.summary({ 2, 6, 48, 40 });
    QCOMPARE(summary.rows.back().outputShape, (std::vector<std::int64_t> { 2, 5, 48, 40 }));
}

void TestModel::resUNetLayerTableMatchesAHandCount()
{
    ResUNetSpec spec;
    spec.inputChannels = 3;
    spec.classes = 2;
    spec.depth = 1;
    spec.baseFilters = 4;
    spec.blocksPerLevel = 2;
    const Model model = Model::create(ModelSpec(spec));
    const ModelSummary summary = model.summary({ 1, 3, 16, 16 });
    // Residual convolutions have no bias (batch norm follows); a batch norm has 2 parameters per
    // channel (its running statistics are buffers).
    // down1.block1 (3 -> 4, projection): 3x3x3x4 + 8 + 3x3x4x4 + 8 + 1x1x3x4 + 8 = 288
    // down1.block2 (4 -> 4, identity): 144 + 8 + 144 + 8 = 304
    // bottleneck.block1 (4 -> 8, stride 2, projection): 288 + 16 + 576 + 16 + 32 + 16 = 944
    // bottleneck.block2 (8 -> 8): 576 + 16 + 576 + 16 = 1184
    // up1.transpose (8 -> 4, 2x2, bias): 128 + 4 = 132
    // up1 (concat 8 -> 4, DoubleConv with batch norm): 288 + 144 + 8 + 8 = 448
    // head (1x1, 4 -> 2, bias): 8 + 2 = 10
    const std::vector<std::pair<QString, std::vector<std::int64_t>>> rows {
        { QStringLiteral("down1.block1"), { 1, 4, 16, 16 } },
        { QStringLiteral("down1.block2"), { 1, 4, 16, 16 } },
        { QStringLiteral("bottleneck.block1"), { 1, 8, 8, 8 } },
        { QStringLiteral("bottleneck.block2"), { 1, 8, 8, 8 } },
        { QStringLiteral("up1.transpose"), { 1, 4, 16, 16 } },
        { QStringLiteral("up1"), { 1, 4, 16, 16 } },
        { QStringLiteral("head"), { 1, 2, 16, 16 } },
    };
    const std::vector<std::int64_t> parameters { 288, 304, 944, 1184, 132, 448, 10 };
    QCOMPARE(summary.rows.size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        QCOMPARE(summary.rows[i].name, rows[i].first);
        QCOMPARE(summary.rows[i].outputShape, rows[i].second);
        QCOMPARE(summary.rows[i].parameters, parameters[i]);
    }
    QCOMPARE(summary.rows[2].type, QStringLiteral("ResBlock(3x3, stride 2, projection)"));
    QCOMPARE(summary.rows[1].type, QStringLiteral("ResBlock(3x3)"));
    QCOMPARE(summary.totalParameters, std::int64_t(3310));
    QCOMPARE(model.parameterCount(), std::int64_t(3310));

    // Any multiple of 2^depth keeps its size; the preset's table reads its depth 3 and 16 filters.
    spec.depth = 3;
    spec.upsampling = Upsampling::Bilinear;
    const ModelSummary deeper = Model::create(ModelSpec(spec)).summary({ 2, 3, 48, 40 });
    QCOMPARE(deeper.rows.back().outputShape, (std::vector<std::int64_t> { 2, 2, 48, 40 }));
    const Model preset = Model::create(*ModelPresets::find(QStringLiteral("resunet-small")));
    QCOMPARE(preset.summary().rows.back().outputShape, (std::vector<std::int64_t> { 1, 4, 64, 64 }));
    QVERIFY(preset.summary().toText().contains(QStringLiteral("bottleneck.block2")));
}

// A block whose input already has its shape adds the input itself; only the first block of a level
// (new channels, and below full resolution a stride of 2) has a projection.
void TestModel::resUNetShortcutsProjectOnlyWhereTheShapeChanges()
{
    ResUNetSpec spec;
    spec.inputChannels = 5;
    spec.depth = 2;
    spec.baseFilters = 4;
    spec.blocksPerLevel = 3;
    const LayerGraph graph = NetworkGraph::build(ModelSpec(spec));
    QStringList projections;
    for (const LayerWeights &w : graph.weights())
        if (w.kernel == 1 && w.path.find("shortcut") != std::string::npos
            && w.kind == LayerWeights::Kind::Conv2d)
            projections << QString::fromStdString(w.path) + QStringLiteral("/%1").arg(w.stride);
    QCOMPARE(
        projections,
        (QStringList { QStringLiteral("down1.block1.shortcut/1"), QStringLiteral("down2.block1.shortcut/2"),
                       QStringLiteral("bottleneck.block1.shortcut/2") }));
    int additions = 0;
    for (const LayerNode &node : graph.nodes())
        additions += node.op == LayerOp::Add ? 1 : 0;
    QCOMPARE(additions, 3 * 3);

    // Input channels equal to the width need no projection at full resolution.
    spec.inputChannels = 4;
    const LayerGraph same = NetworkGraph::build(ModelSpec(spec));
    for (const LayerWeights &w : same.weights())
        QVERIFY(w.path != "down1.block1.shortcut");
}

void TestModel::forecasterOutputsHorizonByTargets()
{
    RecurrentSpec spec;
    spec.cell = RecurrentCell::Gru;
    spec.inputs = 3;
    spec.hiddenSize = 16;
    spec.layers = 2;
    spec.lookback = 12;
    spec.horizon = 4;
    spec.targets = 2;
    const Model model = Model::create(ModelSpec(spec));
    const ModelSummary summary = model.summary({ 5, 12, 3 });
    QCOMPARE(summary.rows.back().outputShape, (std::vector<std::int64_t> { 5, 8 }));
    // GRU: 3 gates, two biases each: 3*(16*3 + 16*16 + 32) + 3*(16*16 + 16*16 + 32) + (16*8 + 8).
    QCOMPARE(model.parameterCount(), std::int64_t(3 * (48 + 256 + 32) + 3 * (256 + 256 + 32) + 136));
}

void TestModel::autoencodersReconstructTheInputShape()
{
    const Model dense = Model::create(*ModelPresets::find(QStringLiteral("seed-autoencoder")));
    QCOMPARE(dense.summary().rows.back().outputShape, (std::vector<std::int64_t> { 1, 784 }));
    const Model conv = Model::create(*ModelPresets::find(QStringLiteral("conv-autoencoder")));
    QCOMPARE(conv.summary().rows.back().outputShape, (std::vector<std::int64_t> { 1, 6, 32, 32 }));
}

void TestModel::sameSeedSameWeights()
{
    const ModelSpec spec = *ModelPresets::find(QStringLiteral("unet-small"));
    const QByteArray a = Model::create(spec, 7).weightsDigest();
    QCOMPARE(a.size(), 64);
    QCOMPARE(Model::create(spec, 7).weightsDigest(), a);
    QVERIFY(Model::create(spec, 8).weightsDigest() != a);
}

void TestModel::invalidSpecIsRefused()
{
    CnnSpec spec;
    spec.inputHeight = 8;
    spec.inputWidth = 8;
    spec.blocks = { ConvBlockSpec { 16 }, ConvBlockSpec { 16 }, ConvBlockSpec { 16 } };
    try {
        Model::create(ModelSpec(spec));
        QFAIL("expected a DataError");
    } catch (const DataError &e) {
        QVERIFY2(e.cause().contains(QStringLiteral("shrinks a 8x8 input to nothing")), qPrintable(e.cause()));
    }
}

QTEST_GUILESS_MAIN(TestModel)
#include "testmodel.moc"
