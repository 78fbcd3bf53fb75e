#include "common/dataerror.h"
#include "export/exportedmodel.h"
#include "export/modelexporter.h"
#include "inference/private/inferencenetwork.h"
#include "inference/trainedmodel.h"
#include "models/modelspecjson.h"
#include "models/private/modelprivate.h"
#include "testdata.h"
#include "training/private/checkpointfile.h"
#include "training/runfolder.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

// Exported TorchScript models loaded for prediction, with their card given or taken from inside the
// .pt. The runs are written here as TrainingJob writes them (config.json and a checkpoint of a
// seeded U-Net), so that two runs can differ in exactly one respect:
//   a: 3 bands, 3 classes;   b: as a but 2 classes (another network);
//   c: a's network with other weights, normalisation and class names (another run, same shapes).
class TestExportedModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void metadataAndNetworkAreTheRuns();
    void cardOfAnotherNetworkIsRefused();
    void cardOfAnotherRunIsRefused();
    void moduleWithoutCardNeedsTheCardFile();
    void filesThatAreNotModelsOrCardsAreRefused();

private:
    void writeRun(const QString &name, int classes, const std::vector<double> &offsets,
                  const QString &firstClass, std::uint64_t seed);
    QString path(const QString &name) const { return m_dir.filePath(name); }
    static double largestDifference(const InferenceModel &a, const InferenceModel &b);
    QTemporaryDir m_dir;
};

void TestExportedModel::writeRun(const QString &name, int classes, const std::vector<double> &offsets,
                                 const QString &firstClass, std::uint64_t seed)
{
    UNetSpec unet;
    unet.inputChannels = 3;
    unet.classes = classes;
    unet.depth = 2;
    unet.baseFilters = 4;
    TrainingSetup setup;
    setup.task.raster.imageLayer = QStringLiteral("image");
    setup.task.raster.labelLayer = QStringLiteral("labels");
    setup.task.raster.patchSize = 16;
    setup.model = ModelSpec(unet);
    Normalizer normalizer;
    normalizer.channels = QStringList { QStringLiteral("b1"), QStringLiteral("b2"), QStringLiteral("b3") };
    normalizer.offsets = offsets;
    normalizer.scales = { 2.0, 3.0, 4.0 };
    QJsonArray classTable;
    for (int c = 0; c < classes; ++c)
        classTable.append(QJsonObject {
            { QStringLiteral("value"), c + 1 },
            { QStringLiteral("name"), c == 0 ? firstClass : QStringLiteral("class %1").arg(c + 1) } });
    const QJsonObject config {
        { QStringLiteral("format"), QStringLiteral("deepterra-run") },
        { QStringLiteral("version"), 1 },
        { QStringLiteral("setup"), setup.toJson() },
        { QStringLiteral("trainedModel"), ModelSpecJson::toJson(ModelSpec(unet)) },
        { QStringLiteral("inputChannels"), QJsonArray::fromStringList(normalizer.channels) },
        { QStringLiteral("normalizer"), normalizer.toJson() },
        { QStringLiteral("classes"), classTable },
        { QStringLiteral("patchSize"), 16 },
        { QStringLiteral("targetColumns"), QJsonArray {} },
        { QStringLiteral("targetNormalizer"), Normalizer().toJson() },
    };
    const RunFolder run(path(name));
    QVERIFY(QDir().mkpath(run.filePath(QStringLiteral("checkpoints"))));
    run.writeConfig(config);
    Model model = Model::create(ModelSpec(unet), seed);
    CheckpointFile::save(run.checkpointPath(QStringLiteral("best.pt")), *model.privateData().network, nullptr,
                         {});

    const TrainedModel trained = TrainedModel::loadRun(run.path());
    ModelExporter::exportRun(trained, ExportFormat::TorchScript, path(name + QStringLiteral(".pt")));
    ModelExporter::exportRun(trained, ExportFormat::Card, path(name + QStringLiteral(".json")));
    ModelExporter::writeTorchScript(trained.model(), path(name + QStringLiteral("-bare.pt")));
}

double TestExportedModel::largestDifference(const InferenceModel &a, const InferenceModel &b)
{
    torch::manual_seed(5);
    const torch::Tensor x = torch::randn({ 2, 3, 16, 16 });
    const torch::Tensor ya = a.network().forward(x);
    const torch::Tensor yb = b.network().forward(x);
    if (ya.sizes() != yb.sizes())
        return 1e9;
    return (ya - yb).abs().max().item<double>();
}

void TestExportedModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    writeRun(QStringLiteral("a"), 3, { 10.0, 20.0, 30.0 }, QStringLiteral("water"), 1);
    writeRun(QStringLiteral("b"), 2, { 10.0, 20.0, 30.0 }, QStringLiteral("water"), 1);
    writeRun(QStringLiteral("c"), 3, { 11.0, 20.0, 30.0 }, QStringLiteral("forest"), 2);
}

void TestExportedModel::metadataAndNetworkAreTheRuns()
{
    const TrainedModel run = TrainedModel::loadRun(path(QStringLiteral("a")));
    for (const QString &card : { QString(), path(QStringLiteral("a.json")) }) {
        const ExportedModel exported = ExportedModel::load(path(QStringLiteral("a.pt")), card);
        QCOMPARE(exported.displayPath(), QFileInfo(path(QStringLiteral("a.pt"))).absoluteFilePath());
        QCOMPARE(exported.metadata().config(), run.metadata().config());
        QCOMPARE(exported.metadata().classes().entries.front().name, QStringLiteral("water"));
        QCOMPARE(exported.metadata().normalizer().offsets, run.metadata().normalizer().offsets);
        // Same ATen operators on the same weights (TorchScriptSource): no difference at all.
        const double difference = largestDifference(exported, run);
        QVERIFY2(difference <= 1e-6, qPrintable(QString::number(difference)));
    }
    // The runs differ: c's weights are not a's (else the comparison above proves nothing).
    const TrainedModel other = TrainedModel::loadRun(path(QStringLiteral("c")));
    QVERIFY(largestDifference(other, run) > 1e-3);
}

void TestExportedModel::cardOfAnotherNetworkIsRefused()
{
    // b's U-Net ends in 2 classes: the bias of its 1x1 head (unetnet.cpp; compared first, by name)
    // holds 2 values, a's 3. Refused with or without a card inside the .pt.
    for (const QString &model : { QStringLiteral("a.pt"), QStringLiteral("a-bare.pt") }) {
        QString file;
        const QString cause = test::dataErrorCause(
            [&] { ExportedModel::load(path(model), path(QStringLiteral("b.json"))); }, &file);
        QCOMPARE(file, path(QStringLiteral("b.json")));
        QVERIFY2(
            cause.startsWith(QStringLiteral("describes another model than %1: its network's ").arg(model)),
            qPrintable(cause));
        QVERIFY2(cause.contains(QStringLiteral("\"head_bias\" is 2, the module's 3")), qPrintable(cause));
    }
}

void TestExportedModel::cardOfAnotherRunIsRefused()
{
    // c has a's network shapes, but another normalisation and other class names: its maps would be
    // wrong without a word.
    QString file;
    const QString cause = test::dataErrorCause(
        [&] { ExportedModel::load(path(QStringLiteral("a.pt")), path(QStringLiteral("c.json"))); }, &file);
    QCOMPARE(file, path(QStringLiteral("c.json")));
    QCOMPARE(cause,
             QStringLiteral("describes another model than a.pt: its settings differ from those of the "
                            "card inside the model (normalizer, classes)"));
}

void TestExportedModel::moduleWithoutCardNeedsTheCardFile()
{
    QString file;
    QCOMPARE(test::dataErrorCause([&] { ExportedModel::load(path(QStringLiteral("a-bare.pt"))); }, &file),
             QStringLiteral("holds no model card; give the card file"));
    QCOMPARE(file, path(QStringLiteral("a-bare.pt")));
    const ExportedModel exported
        = ExportedModel::load(path(QStringLiteral("a-bare.pt")), path(QStringLiteral("a.json")));
    const TrainedModel run = TrainedModel::loadRun(path(QStringLiteral("a")));
    QCOMPARE(exported.metadata().config(), run.metadata().config());
    QVERIFY(largestDifference(exported, run) <= 1e-6);
}

void TestExportedModel::filesThatAreNotModelsOrCardsAreRefused()
{
    QString file;
    QCOMPARE(test::dataErrorCause([&] { ExportedModel::load(path(QStringLiteral("none.pt"))); }, &file),
             QStringLiteral("does not exist"));
    QVERIFY(test::dataErrorCause([&] { ExportedModel::load(path(QStringLiteral("a.json"))); }, &file)
                .startsWith(QStringLiteral("is not a TorchScript model")));
    QCOMPARE(file, path(QStringLiteral("a.json")));
    // The run's config.json is not a card.
    const QString config = path(QStringLiteral("a/config.json"));
    QCOMPARE(test::dataErrorCause([&] { ExportedModel::load(path(QStringLiteral("a.pt")), config); }, &file),
             QStringLiteral("is not a Deepterra model card"));
    QCOMPARE(file, config);
}

QTEST_GUILESS_MAIN(TestExportedModel)
#include "testexportedmodel.moc"
