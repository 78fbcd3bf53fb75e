#include "common/dataerror.h"
#include "models/modelpresets.h"
#include "models/modelspecjson.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

class TestModelSpecJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyPresetRoundTrips_data();
    void everyPresetRoundTrips();
    void defaultsFillMissingKeys();
    void resUNetFieldsRoundTrip();
    void badValuesNameTheKey_data();
    void badValuesNameTheKey();
    void specFileLoads();
};

void TestModelSpecJson::everyPresetRoundTrips_data()
{
    QTest::addColumn<QString>("preset");
    for (const QString &name : ModelPresets::names())
        QTest::newRow(qPrintable(name)) << name;
}

void TestModelSpecJson::everyPresetRoundTrips()
{
    QFETCH(QString, preset);
    const ModelSpec spec = *ModelPresets::find(preset);
    const QJsonObject json = ModelSpecJson::toJson(spec);
    const ModelSpec back = ModelSpecJson::fromJson(json, QStringLiteral("p.deepterra"));
    QCOMPARE(back.kind(), spec.kind());
    QCOMPARE(back.name(), preset);
    QCOMPARE(ModelSpecJson::toJson(back), json);
}

void TestModelSpecJson::defaultsFillMissingKeys()
{
    const ModelSpec spec = ModelSpecJson::fromJson(
        QJsonObject { { QStringLiteral("type"), QStringLiteral("unet") }, { QStringLiteral("classes"), 7 } },
        QStringLiteral("x"));
    QCOMPARE(spec.kind(), ModelKind::UNet);
    QCOMPARE(spec.as<UNetSpec>().classes, 7);
    QCOMPARE(spec.as<UNetSpec>().depth, UNetSpec {}.depth);
}

void TestModelSpecJson::resUNetFieldsRoundTrip()
{
    ResUNetSpec r;
    r.inputChannels = 5;
    r.classes = 9;
    r.depth = 4;
    r.baseFilters = 12;
    r.blocksPerLevel = 3;
    r.dropout = 0.25;
    r.upsampling = Upsampling::Nearest;
    const QJsonObject json = ModelSpecJson::toJson(ModelSpec(r, QStringLiteral("mine")));
    QCOMPARE(json.value(QStringLiteral("type")).toString(), QStringLiteral("resunet"));
    QCOMPARE(json.value(QStringLiteral("blocksPerLevel")).toInt(), 3);
    QCOMPARE(json.value(QStringLiteral("upsampling")).toString(), QStringLiteral("nearest"));
    const ModelSpec back = ModelSpecJson::fromJson(json, QStringLiteral("p.deepterra"));
    QCOMPARE(back.kind(), ModelKind::ResUNet);
    const ResUNetSpec &b = back.as<ResUNetSpec>();
    QCOMPARE(b.inputChannels, 5);
    QCOMPARE(b.classes, 9);
    QCOMPARE(b.depth, 4);
    QCOMPARE(b.baseFilters, 12);
    QCOMPARE(b.blocksPerLevel, 3);
    QCOMPARE(b.dropout, 0.25);
    QCOMPARE(b.upsampling, Upsampling::Nearest);
    QCOMPARE(back.name(), QStringLiteral("mine"));
    QCOMPARE(back.segmenterDepth(), 4);
    QVERIFY(ModelSpec::kindFromName(QStringLiteral("resunet")) == ModelKind::ResUNet);
    QVERIFY(!ModelSpec::kindFromName(QStringLiteral("resnet")));
    // Missing keys take the defaults.
    const ModelSpec defaults = ModelSpecJson::fromJson(
        QJsonObject { { QStringLiteral("type"), QStringLiteral("resunet") } }, QStringLiteral("x"));
    QCOMPARE(defaults.as<ResUNetSpec>().blocksPerLevel, ResUNetSpec {}.blocksPerLevel);
    QCOMPARE(defaults.as<ResUNetSpec>().upsampling, Upsampling::Transpose);
}

void TestModelSpecJson::badValuesNameTheKey_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown type") << QJsonObject { { QStringLiteral("type"), QStringLiteral("transformer") } }
                                  << QStringLiteral("model.type must be one of cnn, unet, recurrent");
    QTest::newRow("negative filters") << QJsonObject {
        { QStringLiteral("type"), QStringLiteral("cnn") },
        { QStringLiteral("blocks"), QJsonArray { QJsonObject { { QStringLiteral("filters"), -3 } } } }
    } << QStringLiteral("model.blocks[0].filters must be an integer in [1, 4096] (got -3)");
    QTest::newRow("string depth") << QJsonObject { { QStringLiteral("type"), QStringLiteral("unet") },
                                                   { QStringLiteral("depth"), QStringLiteral("deep") } }
                                  << QStringLiteral(
                                         "model.depth must be an integer in [1, 6] (got \"deep\")");
    QTest::newRow("bad cell") << QJsonObject { { QStringLiteral("type"), QStringLiteral("recurrent") },
                                               { QStringLiteral("cell"), QStringLiteral("rnn") } }
                              << QStringLiteral("model.cell must be one of lstm, gru (got \"rnn\")");
    QTest::newRow("no residual blocks")
        << QJsonObject { { QStringLiteral("type"), QStringLiteral("resunet") },
                         { QStringLiteral("blocksPerLevel"), 0 } }
        << QStringLiteral("model.blocksPerLevel must be an integer in [1, 16] (got 0)");
    QTest::newRow("resunet too deep") << QJsonObject { { QStringLiteral("type"), QStringLiteral("resunet") },
                                                       { QStringLiteral("depth"), 7 } }
                                      << QStringLiteral("model.depth must be an integer in [1, 6] (got 7)");
    QTest::newRow("resunet too wide")
        << QJsonObject { { QStringLiteral("type"), QStringLiteral("resunet") },
                         { QStringLiteral("baseFilters"), 512 },
                         { QStringLiteral("depth"), 4 } }
        << QStringLiteral("model: ResUNet base filters 512 doubled 4 times give "
                          "8192 channels at the bottleneck, more than 4096");
    QTest::newRow("indivisible") << QJsonObject {
        { QStringLiteral("type"), QStringLiteral("conv-autoencoder") }, { QStringLiteral("inputSize"), 30 }
    } << QStringLiteral("model: input size 30 is not divisible by 2^3");
}

void TestModelSpecJson::badValuesNameTheKey()
{
    QFETCH(QJsonObject, json);
    QFETCH(QString, expected);
    try {
        ModelSpecJson::fromJson(json, QStringLiteral("/p/demo.deepterra"));
        QFAIL("expected a DataError");
    } catch (const DataError &e) {
        QCOMPARE(e.path(), QStringLiteral("/p/demo.deepterra"));
        QVERIFY2(e.cause().startsWith(expected), qPrintable(e.cause()));
    }
}

void TestModelSpecJson::specFileLoads()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spec.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"type": "recurrent", "cell": "gru", "hiddenSize": 8, "lookback": 6, "horizon": 2})");
    file.close();
    const ModelSpec spec = ModelSpecJson::load(path);
    QCOMPARE(spec.as<RecurrentSpec>().cell, RecurrentCell::Gru);
    QCOMPARE(spec.as<RecurrentSpec>().horizon, 2);
    QVERIFY_THROWS_EXCEPTION(DataError, ModelSpecJson::load(dir.filePath(QStringLiteral("none.json"))));
}

QTEST_GUILESS_MAIN(TestModelSpecJson)
#include "testmodelspecjson.moc"
