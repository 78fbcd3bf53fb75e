#include "common/dataerror.h"
#include "project/projectfile.h"
#include "render/maplayerloader.h"
#include "runtime/onednncheck.h"
#include "runtime/torchruntime.h"
#include "testdata.h"
#include "training/setupvalidator.h"
#include "training/trainingdefaults.h"

#include <QtTest>

#include <functional>
#include <map>

using namespace deepterra;

// Each problem a set-up can have, on the demo project's layers as the app loads them (or, for the
// series, the CO2 sample): the field it is reported on and the words that explain it.
class TestSetupValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void demoSegmentationDefaultsAreValid();
    void everyTaskDefaultIsValidWithItsLayers();
    void noImageLayer();
    void noLabelLayer();
    void layerTheProjectLacks();
    void wrongLayerKind();
    void patchLargerThanTheImage();
    void layerStillLoadingIsNoProblem();
    void strideOutOfRange();
    void bandsOutOfRange();
    void unknownDemChannel();
    void tooFewLabelClasses();
    void classFieldMissing();
    void classFieldNotChosen();
    void lookbackLongerThanTheSeries();
    void seriesColumnsMissing();
    void epochsAndBatchBelowOne();
    void learningRateOutOfRange();
    void validationShareOutOfRange();
    void blockSizeAndBufferNegative();
    void maxNoDataShareOutOfRange();
    void memoryLimitOutOfRange();
    void processesNeedTwoExamplesEach();
    void earlyStoppingMetricNotReported();
    void lossNotForTheTask();
    void unknownOptimizerAndSchedule();
    void modelOfTheWrongFamily();
    void uNetDepthNeedsAMultiple();
    void resUNetSegmentsAndNeedsAMultiple();
    void cudaWithoutGpu();
    void float16OnTheCpu();
    void fieldNamesOfProjectKeys();
    void requireNamesTheFileAndEveryProblem();

private:
    using Edit = std::function<void(QJsonObject &task, QJsonObject &training)>;
    QJsonObject segmentation(const Edit &edit = {}) const;
    QJsonObject forecasting(const Edit &edit = {}) const;
    QVector<SetupProblem> validate(const QJsonObject &sections) const;
    QVector<SetupProblem> validate(const QJsonObject &sections, const Project &project) const;
    // Exactly one problem, on `field`, whose message holds `fragment`.
    void expectOnly(const QVector<SetupProblem> &problems, const QString &field,
                    const QString &fragment) const;

    Project m_demo;
    std::map<QString, std::shared_ptr<const MapLayerData>> m_loaded;
    int m_seriesRows = 0;
};

namespace {
QString describe(const QVector<SetupProblem> &problems)
{
    QStringList lines;
    for (const SetupProblem &p : problems)
        lines << p.field + QStringLiteral(": ") + p.message;
    return lines.join(QStringLiteral(" | "));
}

QString messageFor(const QVector<SetupProblem> &problems, const QString &field)
{
    for (const SetupProblem &p : problems)
        if (p.field == field)
            return p.message;
    return {};
}

// Applies `edit` to the task and training sections of `sections`.
QJsonObject edited(QJsonObject sections, const std::function<void(QJsonObject &, QJsonObject &)> &edit)
{
    if (!edit)
        return sections;
    QJsonObject task = sections.value(QStringLiteral("task")).toObject();
    QJsonObject training = sections.value(QStringLiteral("training")).toObject();
    edit(task, training);
    sections.insert(QStringLiteral("task"), task);
    sections.insert(QStringLiteral("training"), training);
    return sections;
}

void setSplit(QJsonObject &task, const char *key, const QJsonValue &value)
{
    QJsonObject split = task.value(QStringLiteral("split")).toObject();
    split.insert(QLatin1String(key), value);
    task.insert(QStringLiteral("split"), split);
}
} // namespace

void TestSetupValidator::initTestCase()
{
    if (!test::samplesAvailable(QStringLiteral("tif/L7_ETMs.tif"))
        || !test::samplesAvailable(QStringLiteral("datasets/co2/co2.csv")))
        QSKIP("samples missing: run scripts/fetch-samples.sh");
    m_demo = ProjectFile::load(QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda.deepterra"));
    ProjectLayer series;
    series.id = QStringLiteral("co2");
    series.name = QStringLiteral("CO2");
    series.kind = LayerKind::Series;
    series.path = test::samplePath(QStringLiteral("datasets/co2/co2.csv"));
    m_demo.layers.push_back(series);
    CrsInfo mapCrs;
    for (const ProjectLayer &layer : m_demo.layers) {
        auto data
            = std::make_shared<MapLayerData>(MapLayerLoader::load(layer, m_demo.absolutePath(layer), mapCrs));
        if (!mapCrs.isValid() && data->crs.isValid())
            mapCrs = data->crs;
        m_loaded[layer.id] = data;
    }
    m_seriesRows = m_loaded.at(QStringLiteral("co2"))->series.rowCount();
    QVERIFY(m_seriesRows > 100);
    QCOMPARE(m_loaded.at(QStringLiteral("training"))->classes.size(), 4);
}

QJsonObject TestSetupValidator::segmentation(const Edit &edit) const
{
    TrainingSetup setup = TrainingDefaults::forTask(TaskKind::Segmentation);
    setup.task.raster.imageLayer = QStringLiteral("landsat");
    setup.task.raster.labelLayer = QStringLiteral("training");
    return edited(setup.toJson(), edit);
}

QJsonObject TestSetupValidator::forecasting(const Edit &edit) const
{
    TrainingSetup setup = TrainingDefaults::forTask(TaskKind::Forecasting);
    setup.task.series.seriesLayer = QStringLiteral("co2");
    return edited(setup.toJson(), edit);
}

QVector<SetupProblem> TestSetupValidator::validate(const QJsonObject &sections) const
{
    return validate(sections, m_demo);
}

QVector<SetupProblem> TestSetupValidator::validate(const QJsonObject &sections, const Project &project) const
{
    return SetupValidator::validate(sections, project, [this](const QString &id) {
        const auto it = m_loaded.find(id);
        return it == m_loaded.end() ? nullptr : it->second;
    });
}

void TestSetupValidator::expectOnly(const QVector<SetupProblem> &problems, const QString &field,
                                    const QString &fragment) const
{
    QVERIFY2(problems.size() == 1, qPrintable(describe(problems)));
    QCOMPARE(problems.front().field, field);
    QVERIFY2(problems.front().message.contains(fragment), qPrintable(problems.front().message));
}

void TestSetupValidator::demoSegmentationDefaultsAreValid()
{
    const QVector<SetupProblem> problems = validate(segmentation());
    QVERIFY2(problems.isEmpty(), qPrintable(describe(problems)));
}

void TestSetupValidator::everyTaskDefaultIsValidWithItsLayers()
{
    TrainingSetup patches = TrainingDefaults::forTask(TaskKind::PatchClassification);
    patches.task.raster.imageLayer = QStringLiteral("landsat");
    patches.task.raster.labelLayer = QStringLiteral("training");
    TrainingSetup anomalies = TrainingDefaults::forTask(TaskKind::RasterAutoencoder);
    anomalies.task.raster.imageLayer = QStringLiteral("dem");
    TrainingSetup seriesAnomalies = TrainingDefaults::forTask(TaskKind::SeriesAutoencoder);
    seriesAnomalies.task.series.seriesLayer = QStringLiteral("co2");
    for (const QJsonObject &sections :
         { patches.toJson(), anomalies.toJson(), seriesAnomalies.toJson(), forecasting() }) {
        const QVector<SetupProblem> problems = validate(sections);
        QVERIFY2(problems.isEmpty(), qPrintable(describe(problems)));
    }
}

void TestSetupValidator::noImageLayer()
{
    expectOnly(validate(segmentation(
                   [](QJsonObject &task, QJsonObject &) { task.remove(QStringLiteral("image")); })),
               QStringLiteral("task.imageLayer"), QStringLiteral("Choose the image layer"));
}

void TestSetupValidator::noLabelLayer()
{
    const QVector<SetupProblem> problems = validate(
        segmentation([](QJsonObject &task, QJsonObject &) { task.remove(QStringLiteral("labels")); }));
    expectOnly(problems, QStringLiteral("task.labelLayer"),
               QStringLiteral("Choose the label layer: segmentation learns from labelled polygons or a class "
                              "raster"));
}

void TestSetupValidator::layerTheProjectLacks()
{
    expectOnly(validate(segmentation([](QJsonObject &task, QJsonObject &) {
                   task.insert(QStringLiteral("labels"), QStringLiteral("sentinel"));
               })),
               QStringLiteral("task.labelLayer"), QStringLiteral("\"sentinel\" is not in the project"));
}

void TestSetupValidator::wrongLayerKind()
{
    expectOnly(validate(segmentation([](QJsonObject &task, QJsonObject &) {
                   task.insert(QStringLiteral("labels"), QStringLiteral("landsat"));
               })),
               QStringLiteral("task.labelLayer"),
               QStringLiteral("is an image; the label must be a vector label layer or a class raster"));
}

void TestSetupValidator::patchLargerThanTheImage()
{
    const RasterInfo &image = m_loaded.at(QStringLiteral("landsat"))->raster;
    const QVector<SetupProblem> problems = validate(segmentation(
        [](QJsonObject &task, QJsonObject &) { task.insert(QStringLiteral("patchSize"), 512); }));
    expectOnly(problems, QStringLiteral("task.patchSize"),
               QStringLiteral("patch of 512 px is larger than the image (%1 x %2 px")
                   .arg(image.width)
                   .arg(image.height));
}

void TestSetupValidator::layerStillLoadingIsNoProblem()
{
    const QJsonObject sections = segmentation(
        [](QJsonObject &task, QJsonObject &) { task.insert(QStringLiteral("patchSize"), 512); });
    const QVector<SetupProblem> problems
        = SetupValidator::validate(sections, m_demo, [](const QString &) { return nullptr; });
    QVERIFY2(problems.isEmpty(), qPrintable(describe(problems)));
}

void TestSetupValidator::strideOutOfRange()
{
    expectOnly(validate(segmentation(
                   [](QJsonObject &task, QJsonObject &) { task.insert(QStringLiteral("stride"), 0); })),
               QStringLiteral("task.stride"), QStringLiteral("at least 1 pixel (got 0)"));
    expectOnly(validate(segmentation(
                   [](QJsonObject &task, QJsonObject &) { task.insert(QStringLiteral("stride"), 100); })),
               QStringLiteral("task.stride"),
               QStringLiteral("The stride (100 px) is larger than the patch (64 px)"));
}

void TestSetupValidator::bandsOutOfRange()
{
    expectOnly(validate(segmentation([](QJsonObject &task, QJsonObject &) {
                   task.insert(QStringLiteral("bands"), QJsonArray { 1, 9 });
               })),
               QStringLiteral("task.bands"), QStringLiteral("Band 9 does not exist"));
    expectOnly(validate(segmentation([](QJsonObject &task, QJsonObject &) {
                   task.insert(QStringLiteral("bands"), QJsonArray { 0 });
               })),
               QStringLiteral("task.bands"), QStringLiteral("numbered from 1"));
}

void TestSetupValidator::unknownDemChannel()
{
    expectOnly(validate(segmentation([](QJsonObject &task, QJsonObject &) {
                   task.insert(QStringLiteral("dem"), QStringLiteral("dem"));
                   task.insert(QStringLiteral("demChannels"), QJsonArray { QStringLiteral("height") });
               })),
               QStringLiteral("task.demChannels"), QStringLiteral("Unknown DEM channel in height"));
}

void TestSetupValidator::tooFewLabelClasses()
{
    Project project = m_demo;
    ProjectLayer classes;
    classes.id = QStringLiteral("water-only");
    classes.name = QStringLiteral("Water mask");
    classes.kind = LayerKind::ClassRaster;
    project.layers.push_back(classes);
    auto data = std::make_shared<MapLayerData>();
    data->kind = LayerKind::ClassRaster;
    data->isRaster = true;
    data->classes = ClassTable::fromValues({ 1 });
    const QJsonObject sections = segmentation([](QJsonObject &task, QJsonObject &) {
        task.insert(QStringLiteral("labels"), QStringLiteral("water-only"));
    });
    const QVector<SetupProblem> problems = SetupValidator::validate(
        sections, project, [&](const QString &id) -> std::shared_ptr<const MapLayerData> {
            if (id == QLatin1String("water-only"))
                return data;
            return m_loaded.at(id);
        });
    expectOnly(problems, QStringLiteral("task.labelLayer"), QStringLiteral("needs at least two classes"));
}

void TestSetupValidator::classFieldMissing()
{
    // The form applies the field the user picks to a copy of the project; the layer stays loaded
    // with its old field.
    Project project = m_demo;
    project.layer(QStringLiteral("training"))
        ->properties.insert(QStringLiteral("classField"), QStringLiteral("cover"));
    expectOnly(validate(segmentation(), project), QStringLiteral("task.classField"),
               QStringLiteral("\"Training areas\" has no attribute \"cover\": choose one of"));
    QVERIFY(messageFor(validate(segmentation(), project), QStringLiteral("task.classField"))
                .contains(QStringLiteral("landcover")));
}

void TestSetupValidator::classFieldNotChosen()
{
    Project project = m_demo;
    project.layer(QStringLiteral("training"))->properties.remove(QStringLiteral("classField"));
    expectOnly(validate(segmentation(), project), QStringLiteral("task.classField"),
               QStringLiteral("Choose the attribute of \"Training areas\" that holds the classes"));
}

void TestSetupValidator::lookbackLongerThanTheSeries()
{
    const int lookback = m_seriesRows + 40;
    expectOnly(validate(forecasting([&](QJsonObject &task, QJsonObject &) {
                   task.insert(QStringLiteral("lookback"), lookback);
               })),
               QStringLiteral("task.lookback"),
               QStringLiteral("Lookback %1 + horizon 1 needs %2 time steps; the series \"CO2\" has %3")
                   .arg(lookback)
                   .arg(lookback + 1)
                   .arg(m_seriesRows));
    expectOnly(validate(forecasting([&](QJsonObject &task, QJsonObject &) {
                   task.insert(QStringLiteral("lookback"), m_seriesRows - 1);
               })),
               QStringLiteral("task.lookback"), QStringLiteral("only once"));
}

void TestSetupValidator::seriesColumnsMissing()
{
    const QVector<SetupProblem> problems = validate(forecasting([](QJsonObject &task, QJsonObject &) {
        task.insert(QStringLiteral("targets"), QJsonArray { QStringLiteral("co3") });
        task.insert(QStringLiteral("inputs"), QJsonArray { QStringLiteral("co2"), QStringLiteral("wind") });
    }));
    QCOMPARE(problems.size(), 2);
    QVERIFY2(messageFor(problems, QStringLiteral("task.targets"))
                 .contains(QStringLiteral("target column \"co3\"")),
             qPrintable(describe(problems)));
    QVERIFY2(
        messageFor(problems, QStringLiteral("task.inputs")).contains(QStringLiteral("input column \"wind\"")),
        qPrintable(describe(problems)));
}

void TestSetupValidator::epochsAndBatchBelowOne()
{
    // Both at once: every rejected setting is reported, not only the first.
    const QVector<SetupProblem> problems = validate(segmentation([](QJsonObject &, QJsonObject &training) {
        training.insert(QStringLiteral("epochs"), 0);
        training.insert(QStringLiteral("batchSize"), -2);
    }));
    QCOMPARE(problems.size(), 2);
    QVERIFY(messageFor(problems, QStringLiteral("training.epochs"))
                .contains(QStringLiteral("at least one epoch")));
    QVERIFY(
        messageFor(problems, QStringLiteral("training.batchSize")).contains(QStringLiteral("at least 1")));
}

void TestSetupValidator::learningRateOutOfRange()
{
    for (double rate : { 0.0, -0.1, 2.0 })
        expectOnly(validate(segmentation([&](QJsonObject &, QJsonObject &training) {
                       training.insert(QStringLiteral("learningRate"), rate);
                   })),
                   QStringLiteral("training.learningRate"), QStringLiteral("above 0 and at most 1"));
}

void TestSetupValidator::validationShareOutOfRange()
{
    for (double share : { 0.0, 0.95 })
        expectOnly(validate(segmentation([&](QJsonObject &task, QJsonObject &) {
                       setSplit(task, "validationFraction", share);
                   })),
                   QStringLiteral("task.split.validationFraction"), QStringLiteral("validation share"));
}

void TestSetupValidator::blockSizeAndBufferNegative()
{
    const QVector<SetupProblem> problems = validate(segmentation([](QJsonObject &task, QJsonObject &) {
        setSplit(task, "blockSize", -5);
        setSplit(task, "buffer", -3);
    }));
    QCOMPARE(problems.size(), 2);
    QVERIFY(
        messageFor(problems, QStringLiteral("task.split.blockSize")).contains(QStringLiteral("negative")));
    QVERIFY(messageFor(problems, QStringLiteral("task.split.buffer")).contains(QStringLiteral("below -1")));
}

void TestSetupValidator::maxNoDataShareOutOfRange()
{
    expectOnly(validate(segmentation([](QJsonObject &task, QJsonObject &) {
                   task.insert(QStringLiteral("maxNoDataFraction"), 1.5);
               })),
               QStringLiteral("task.maxNoDataFraction"), QStringLiteral("between 0 and 1"));
}

void TestSetupValidator::memoryLimitOutOfRange()
{
    expectOnly(validate(segmentation([](QJsonObject &task, QJsonObject &) {
                   task.insert(QStringLiteral("memoryLimitMiB"), 10);
               })),
               QStringLiteral("task.memoryLimitMiB"), QStringLiteral("from 64 to 1048576"));
    QVERIFY(validate(segmentation([](QJsonObject &task, QJsonObject &) {
                task.insert(QStringLiteral("memoryLimitMiB"), 64);
            })).isEmpty());
}

void TestSetupValidator::processesNeedTwoExamplesEach()
{
    expectOnly(validate(segmentation([](QJsonObject &, QJsonObject &training) {
                   training.insert(QStringLiteral("batchSize"), 6);
                   training.insert(QStringLiteral("processes"), 4);
               })),
               QStringLiteral("training.processes"), QStringLiteral("raise the batch size to at least 8"));
    QVERIFY(validate(segmentation([](QJsonObject &, QJsonObject &training) {
                training.insert(QStringLiteral("batchSize"), 6);
                training.insert(QStringLiteral("processes"), 3);
            })).isEmpty());
}

void TestSetupValidator::earlyStoppingMetricNotReported()
{
    expectOnly(validate(segmentation([](QJsonObject &, QJsonObject &training) {
                   training.insert(QStringLiteral("earlyStopping"),
                                   QJsonObject { { QStringLiteral("metric"), QStringLiteral("val_rmse") },
                                                 { QStringLiteral("patience"), 3 } });
               })),
               QStringLiteral("training.earlyStoppingMetric"),
               QStringLiteral("\"val_rmse\" is not measured for segmentation: choose val_loss"));
}

void TestSetupValidator::lossNotForTheTask()
{
    expectOnly(validate(segmentation([](QJsonObject &, QJsonObject &training) {
                   training.insert(QStringLiteral("loss"), QStringLiteral("mse"));
               })),
               QStringLiteral("training.loss"), QStringLiteral("cross-entropy, dice, focal"));
    expectOnly(validate(segmentation([](QJsonObject &, QJsonObject &training) {
                   training.insert(QStringLiteral("loss"), QStringLiteral("hinge"));
               })),
               QStringLiteral("training.loss"), QStringLiteral("Unknown loss \"hinge\""));
}

void TestSetupValidator::unknownOptimizerAndSchedule()
{
    const QVector<SetupProblem> problems = validate(segmentation([](QJsonObject &, QJsonObject &training) {
        training.insert(QStringLiteral("optimizer"), QStringLiteral("lbfgs"));
        training.insert(QStringLiteral("schedule"), QStringLiteral("exponential"));
    }));
    QCOMPARE(problems.size(), 2);
    QVERIFY(messageFor(problems, QStringLiteral("training.optimizer")).contains(QStringLiteral("\"lbfgs\"")));
    QVERIFY(messageFor(problems, QStringLiteral("training.schedule"))
                .contains(QStringLiteral("\"exponential\"")));
}

void TestSetupValidator::modelOfTheWrongFamily()
{
    QJsonObject sections = segmentation();
    sections.insert(QStringLiteral("model"),
                    QJsonObject { { QStringLiteral("preset"), QStringLiteral("seed-lstm") } });
    expectOnly(validate(sections), QStringLiteral("model.preset"),
               QStringLiteral("choose unet-small or unet-medium"));
    sections.insert(QStringLiteral("model"),
                    QJsonObject { { QStringLiteral("preset"), QStringLiteral("unet-huge") } });
    expectOnly(validate(sections), QStringLiteral("model.preset"),
               QStringLiteral("Unknown model preset \"unet-huge\""));
}

void TestSetupValidator::uNetDepthNeedsAMultiple()
{
    expectOnly(validate(segmentation([](QJsonObject &task, QJsonObject &) {
                   task.insert(QStringLiteral("patchSize"), 36);
                   task.insert(QStringLiteral("stride"), 18);
               })),
               QStringLiteral("task.patchSize"), QStringLiteral("multiple of 8 (got 36)"));
}

void TestSetupValidator::resUNetSegmentsAndNeedsAMultiple()
{
    QJsonObject sections = segmentation();
    sections.insert(QStringLiteral("model"),
                    QJsonObject { { QStringLiteral("preset"), QStringLiteral("resunet-small") } });
    const QVector<SetupProblem> problems = validate(sections);
    QVERIFY2(problems.isEmpty(), qPrintable(describe(problems)));
    QJsonObject task = sections.value(QStringLiteral("task")).toObject();
    task.insert(QStringLiteral("patchSize"), 36);
    task.insert(QStringLiteral("stride"), 18);
    sections.insert(QStringLiteral("task"), task);
    expectOnly(
        validate(sections), QStringLiteral("task.patchSize"),
        QStringLiteral("A ResUNet of depth 3 halves the patch 3 times: the patch size must be a multiple "
                       "of 8 (got 36)"));
    // A patch classifier cannot use it, and the message offers the segmenters of both families.
    sections.insert(QStringLiteral("model"),
                    QJsonObject { { QStringLiteral("preset"), QStringLiteral("seed-lstm") } });
    task.insert(QStringLiteral("patchSize"), 64);
    task.insert(QStringLiteral("stride"), 32);
    sections.insert(QStringLiteral("task"), task);
    expectOnly(validate(sections), QStringLiteral("model.preset"),
               QStringLiteral("choose unet-small or unet-medium or resunet-small"));
}

void TestSetupValidator::cudaWithoutGpu()
{
    if (TorchRuntime::cudaAvailable())
        QSKIP("a CUDA GPU is available here");
    expectOnly(validate(segmentation([](QJsonObject &, QJsonObject &training) {
                   training.insert(QStringLiteral("device"), QStringLiteral("cuda:0"));
               })),
               QStringLiteral("training.device"), QStringLiteral("No CUDA GPU can be used here"));
}

void TestSetupValidator::float16OnTheCpu()
{
    expectOnly(validate(segmentation([](QJsonObject &, QJsonObject &training) {
                   training.insert(QStringLiteral("device"), QStringLiteral("cpu"));
                   training.insert(QStringLiteral("precision"), QStringLiteral("fp16"));
               })),
               QStringLiteral("training.precision"), QStringLiteral("Mixed float16 needs a CUDA GPU"));
    // bfloat16 trains on the CPU, unless LibTorch's oneDNN computes wrong there (OneDnnCheck).
    const QVector<SetupProblem> bfloat16 = validate(segmentation([](QJsonObject &, QJsonObject &training) {
        training.insert(QStringLiteral("device"), QStringLiteral("cpu"));
        training.insert(QStringLiteral("precision"), QStringLiteral("bf16"));
    }));
    if (OneDnnCheck::bfloat16Problem().isEmpty())
        QVERIFY(bfloat16.isEmpty());
    else
        expectOnly(bfloat16, QStringLiteral("training.precision"),
                   QStringLiteral("Mixed bfloat16 on the CPU needs LibTorch's oneDNN"));
    // An unknown word is the project file's mistake, said as such.
    const QVector<SetupProblem> unknown = validate(segmentation([](QJsonObject &, QJsonObject &training) {
        training.insert(QStringLiteral("precision"), QStringLiteral("fp8"));
    }));
    QCOMPARE(unknown.size(), 1);
    QCOMPARE(unknown.first().field, QStringLiteral("training.precision"));
}

void TestSetupValidator::fieldNamesOfProjectKeys()
{
    QCOMPARE(SetupValidator::fieldForKey(QStringLiteral("task.labels")), QStringLiteral("task.labelLayer"));
    QCOMPARE(SetupValidator::fieldForKey(QStringLiteral("task.bands[2]")), QStringLiteral("task.bands"));
    QCOMPARE(SetupValidator::fieldForKey(QStringLiteral("training.earlyStopping.metric")),
             QStringLiteral("training.earlyStoppingMetric"));
    QCOMPARE(SetupValidator::fieldForKey(QStringLiteral("model.blocks[1].filters")),
             QStringLiteral("model.blocks"));
    QCOMPARE(SetupValidator::fieldForKey(QStringLiteral("task.split.buffer")),
             QStringLiteral("task.split.buffer"));
}

void TestSetupValidator::requireNamesTheFileAndEveryProblem()
{
    // What a headless run sees before any data is read: no layer facts, each problem on its line.
    SetupValidator::require(segmentation(), m_demo);
    const QJsonObject wrong = segmentation([](QJsonObject &task, QJsonObject &training) {
        task.insert(QStringLiteral("stride"), 100);
        training.insert(QStringLiteral("earlyStopping"),
                        QJsonObject { { QStringLiteral("metric"), QStringLiteral("val_rmse") } });
    });
    try {
        SetupValidator::require(wrong, m_demo);
        QFAIL("a wrong set-up was accepted");
    } catch (const DataError &e) {
        QCOMPARE(e.path(), m_demo.filePath);
        QVERIFY2(
            e.cause().contains(QStringLiteral("training.earlyStoppingMetric: \"val_rmse\" is not measured")),
            qPrintable(e.message()));
        QVERIFY2(e.cause().contains(QStringLiteral("task.stride: The stride (100 px)")),
                 qPrintable(e.message()));
    }
}

QTEST_GUILESS_MAIN(TestSetupValidator)
#include "testsetupvalidator.moc"
