#include "common/dataerror.h"
#include "inference/runmetadata.h"
#include "models/modelspecjson.h"
#include "testdata.h"

#include <QJsonArray>
#include <QtTest>

using namespace deepterra;

// A run's config.json read into what prediction needs. The configurations are written here the way
// TrainingJob writes them (TrainingSetup::toJson, ModelSpecJson::toJson, Normalizer::toJson).
class TestRunMetadata : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsASegmentationRun();
    void readsAForecastingRun();
    void notARunConfigurationIsRefused();
    void inconsistentCountsAreClearErrors();

private:
    static QJsonObject segmentationConfig();
    static QJsonObject forecastingConfig(bool relative);
    static QJsonObject normalizer(const QStringList &channels, const std::vector<double> &offsets);
    static const QString kSource;
};

const QString TestRunMetadata::kSource = QStringLiteral("/runs/r1/config.json");

QJsonObject TestRunMetadata::normalizer(const QStringList &channels, const std::vector<double> &offsets)
{
    Normalizer n;
    n.channels = channels;
    n.offsets = offsets;
    n.scales = std::vector<double>(offsets.size(), 2.0);
    return n.toJson();
}

QJsonObject TestRunMetadata::segmentationConfig()
{
    UNetSpec unet;
    unet.inputChannels = 3;
    unet.classes = 2;
    unet.depth = 2;
    TrainingSetup setup;
    setup.task.kind = TaskKind::Segmentation;
    setup.task.raster.imageLayer = QStringLiteral("image");
    setup.task.raster.labelLayer = QStringLiteral("labels");
    setup.task.raster.patchSize = 16;
    setup.model = ModelSpec(unet);
    const QStringList channels { QStringLiteral("b1"), QStringLiteral("b2"), QStringLiteral("b3") };
    return { { QStringLiteral("format"), QStringLiteral("deepterra-run") },
             { QStringLiteral("version"), 1 },
             { QStringLiteral("projectPath"), QStringLiteral("/projects/olinda.deepterra") },
             { QStringLiteral("setup"), setup.toJson() },
             { QStringLiteral("trainedModel"), ModelSpecJson::toJson(ModelSpec(unet)) },
             { QStringLiteral("inputChannels"), QJsonArray::fromStringList(channels) },
             { QStringLiteral("normalizer"), normalizer(channels, { 10.0, 20.0, 30.0 }) },
             { QStringLiteral("classes"),
               QJsonArray { QJsonObject { { QStringLiteral("value"), 5 },
                                          { QStringLiteral("name"), QStringLiteral("urban") } },
                            QJsonObject { { QStringLiteral("value"), 1 },
                                          { QStringLiteral("name"), QStringLiteral("water") } } } },
             { QStringLiteral("patchSize"), 16 },
             { QStringLiteral("grid"),
               QJsonObject { { QStringLiteral("width"), 349 },
                             { QStringLiteral("height"), 352 },
                             { QStringLiteral("geoTransform"),
                               QJsonArray { 288775.5, 28.5, 0.0, 9120747.0, 0.0, -28.5 } },
                             { QStringLiteral("crs"), QStringLiteral("EPSG:31985") } } },
             { QStringLiteral("targetColumns"), QJsonArray {} },
             { QStringLiteral("targetNormalizer"), Normalizer().toJson() } };
}

QJsonObject TestRunMetadata::forecastingConfig(bool relative)
{
    RecurrentSpec lstm;
    lstm.inputs = 2;
    lstm.lookback = 8;
    lstm.horizon = 3;
    lstm.targets = 1;
    TrainingSetup setup;
    setup.task.kind = TaskKind::Forecasting;
    setup.task.series.seriesLayer = QStringLiteral("co2");
    setup.task.series.lookback = 8;
    setup.task.series.horizon = 3;
    setup.task.series.relative = relative;
    setup.task.split.kind = SplitKind::Chronological;
    setup.model = ModelSpec(lstm);
    const QStringList inputs { QStringLiteral("co2"), QStringLiteral("temperature") };
    return { { QStringLiteral("format"), QStringLiteral("deepterra-run") },
             { QStringLiteral("version"), 1 },
             { QStringLiteral("setup"), setup.toJson() },
             { QStringLiteral("trainedModel"), ModelSpecJson::toJson(ModelSpec(lstm)) },
             { QStringLiteral("inputChannels"), QJsonArray::fromStringList(inputs) },
             { QStringLiteral("normalizer"), normalizer(inputs, { 350.0, 15.0 }) },
             { QStringLiteral("classes"), QJsonArray {} },
             { QStringLiteral("patchSize"), 0 },
             { QStringLiteral("targetColumns"), QJsonArray { QStringLiteral("co2") } },
             { QStringLiteral("targetNormalizer"), normalizer({ QStringLiteral("co2") }, { 351.0 }) } };
}

void TestRunMetadata::readsASegmentationRun()
{
    const QJsonObject config = segmentationConfig();
    const RunMetadata m = RunMetadata::fromConfig(config, kSource);
    QCOMPARE(m.config(), config);
    QCOMPARE(m.task(), TaskKind::Segmentation);
    QCOMPARE(m.setup().task.raster.imageLayer, QStringLiteral("image"));
    QCOMPARE(m.spec().kind(), ModelKind::UNet);
    QCOMPARE(m.spec().as<UNetSpec>().depth, 2);
    QCOMPARE(m.inputChannels(),
             QStringList({ QStringLiteral("b1"), QStringLiteral("b2"), QStringLiteral("b3") }));
    QCOMPARE(m.normalizer().offsets, std::vector<double>({ 10.0, 20.0, 30.0 }));
    QCOMPARE(m.normalizer().scales, std::vector<double>({ 2.0, 2.0, 2.0 }));
    // The class table is sorted by value: index 0 is value 1 ("water").
    QCOMPARE(m.classes().size(), 2);
    QCOMPARE(m.classes().entries[0].value, 1);
    QCOMPARE(m.classes().entries[0].name, QStringLiteral("water"));
    QCOMPARE(m.classes().entries[1].value, 5);
    QCOMPARE(m.patchSize(), 16);
    QCOMPARE(m.trainingGrid().width, 349);
    QCOMPARE(m.trainingGrid().height, 352);
    QCOMPARE(m.trainingGrid().geoTransform.coefficients()[1], 28.5);
    QVERIFY(m.trainingGrid().crs.isSameAs(CrsInfo::fromUserInput(QStringLiteral("EPSG:31985"))));
    QVERIFY(m.targetColumns().isEmpty());
    QCOMPARE(m.targetNormalizer().channelCount(), 0);
    QVERIFY(!m.relativeTargets());
    QCOMPARE(m.projectPath(), QStringLiteral("/projects/olinda.deepterra"));
}

void TestRunMetadata::readsAForecastingRun()
{
    const RunMetadata relative = RunMetadata::fromConfig(forecastingConfig(true), kSource);
    QCOMPARE(relative.task(), TaskKind::Forecasting);
    QCOMPARE(relative.setup().task.series.lookback, 8);
    QCOMPARE(relative.targetColumns(), QStringList { QStringLiteral("co2") });
    QCOMPARE(relative.targetNormalizer().offsets, std::vector<double> { 351.0 });
    QVERIFY(relative.relativeTargets());
    QVERIFY(!relative.trainingGrid().crs.isValid()); // series runs have no grid
    QVERIFY(relative.projectPath().isEmpty());
    QVERIFY(!RunMetadata::fromConfig(forecastingConfig(false), kSource).relativeTargets());
}

void TestRunMetadata::notARunConfigurationIsRefused()
{
    QJsonObject card = segmentationConfig();
    card.insert(QStringLiteral("format"), QStringLiteral("deepterra-model-card"));
    QString path;
    QCOMPARE(test::dataErrorCause([&] { RunMetadata::fromConfig(card, kSource); }, &path),
             QStringLiteral("not a Deepterra run configuration"));
    QCOMPARE(path, kSource);

    QJsonObject noSetup = segmentationConfig();
    noSetup.remove(QStringLiteral("setup"));
    QVERIFY(!test::dataErrorCause([&] { RunMetadata::fromConfig(noSetup, kSource); }, &path).isEmpty());
    QCOMPARE(path, kSource);
}

void TestRunMetadata::inconsistentCountsAreClearErrors()
{
    QString path;
    QJsonObject twoChannels = segmentationConfig();
    twoChannels.insert(QStringLiteral("normalizer"),
                       normalizer({ QStringLiteral("b1"), QStringLiteral("b2") }, { 1.0, 2.0 }));
    QCOMPARE(test::dataErrorCause([&] { RunMetadata::fromConfig(twoChannels, kSource); }, &path),
             QStringLiteral("the normaliser has 2 channels but the model takes 3 inputs"));
    QCOMPARE(path, kSource);

    QJsonObject threeClasses = segmentationConfig();
    QJsonArray classes = threeClasses.value(QStringLiteral("classes")).toArray();
    classes.append(QJsonObject { { QStringLiteral("value"), 9 } });
    threeClasses.insert(QStringLiteral("classes"), classes);
    QCOMPARE(test::dataErrorCause([&] { RunMetadata::fromConfig(threeClasses, kSource); }, &path),
             QStringLiteral("the class table has 3 classes but the model outputs 2"));

    QJsonObject twice = segmentationConfig();
    twice.insert(QStringLiteral("classes"),
                 QJsonArray { QJsonObject { { QStringLiteral("value"), 1 } },
                              QJsonObject { { QStringLiteral("value"), 1 } } });
    QCOMPARE(test::dataErrorCause([&] { RunMetadata::fromConfig(twice, kSource); }, &path),
             QStringLiteral("class table gives value 1 more than once"));
    QCOMPARE(path, kSource);

    QJsonObject longer = forecastingConfig(true);
    QJsonObject setup = longer.value(QStringLiteral("setup")).toObject();
    QJsonObject task = setup.value(QStringLiteral("task")).toObject();
    task.insert(QStringLiteral("horizon"), 5);
    setup.insert(QStringLiteral("task"), task);
    longer.insert(QStringLiteral("setup"), setup);
    QCOMPARE(test::dataErrorCause([&] { RunMetadata::fromConfig(longer, kSource); }, &path),
             QStringLiteral("the model forecasts 3 steps of 1 columns but the task asks for 5 steps of 1"));
}

QTEST_GUILESS_MAIN(TestRunMetadata)
#include "testrunmetadata.moc"
