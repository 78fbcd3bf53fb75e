#include "map/layerstyle.h"
#include "render/maplayerdata.h"

#include <QJsonArray>
#include <QtTest>

using namespace deepterra;

class TestLayerStyle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void demoImageryStyleIsRead();
    void roundTripKeepsUnknownKeys();
    void defaultsFollowTheData();
    void bandsOutOfRangeAreClamped();
    void classColoursOverrideTheLayersOwn();

private:
    static MapLayerData raster(int bands, LayerKind kind = LayerKind::Imagery);
};

MapLayerData TestLayerStyle::raster(int bands, LayerKind kind)
{
    MapLayerData data;
    data.kind = kind;
    data.isRaster = true;
    for (int b = 1; b <= bands; ++b) {
        BandInfo band;
        band.index = b;
        data.raster.bands.push_back(band);
    }
    return data;
}

void TestLayerStyle::demoImageryStyleIsRead()
{
    // The Landsat layer's style in resources/demo/olinda.deepterra.
    const QJsonObject json { { QStringLiteral("renderer"), QStringLiteral("rgb") },
                             { QStringLiteral("red"), 3 },
                             { QStringLiteral("green"), 2 },
                             { QStringLiteral("blue"), 1 },
                             { QStringLiteral("stretch"), QStringLiteral("percentile") },
                             { QStringLiteral("low"), 2 },
                             { QStringLiteral("high"), 98 } };
    const LayerStyle style = LayerStyle::fromJson(json, LayerKind::Imagery, raster(6));
    QCOMPARE(style.renderer, LayerStyle::Renderer::Rgb);
    QCOMPARE(style.bands(), (std::vector<int> { 3, 2, 1 }));
    QCOMPARE(style.stretch, LayerStyle::Stretch::Percentile);
    QCOMPARE(style.low, 2.0);
    QCOMPARE(style.high, 98.0);
    QCOMPARE(style.toJson(), json);
}

void TestLayerStyle::roundTripKeepsUnknownKeys()
{
    const QJsonObject json { { QStringLiteral("renderer"), QStringLiteral("dem") },
                             { QStringLiteral("ramp"), QStringLiteral("Terrain") },
                             { QStringLiteral("hillshadeStrength"), 0.3 },
                             { QStringLiteral("futureSetting"), QStringLiteral("kept") } };
    const LayerStyle style = LayerStyle::fromJson(json, LayerKind::Dem, raster(1, LayerKind::Dem));
    QCOMPARE(style.renderer, LayerStyle::Renderer::Dem);
    QVERIFY(style.hillshade);
    QCOMPARE(style.ramp, QStringLiteral("terrain"));
    const QJsonObject written = style.toJson();
    QCOMPARE(written.value(QStringLiteral("futureSetting")).toString(), QStringLiteral("kept"));
    QCOMPARE(written.value(QStringLiteral("hillshadeStrength")).toDouble(), 0.3);
    QCOMPARE(LayerStyle::fromJson(written, LayerKind::Dem, raster(1, LayerKind::Dem)).toJson(), written);
}

void TestLayerStyle::defaultsFollowTheData()
{
    QCOMPARE(LayerStyle::defaultFor(LayerKind::Dem, raster(1, LayerKind::Dem)).renderer,
             LayerStyle::Renderer::Dem);
    QCOMPARE(LayerStyle::defaultFor(LayerKind::Imagery, raster(1)).renderer,
             LayerStyle::Renderer::SingleBand);
    // Colour interpretation picks the true-colour bands of a 4-band image stored B, G, R, NIR.
    MapLayerData bgrn = raster(4);
    bgrn.raster.bands[0].colorInterpretation = QStringLiteral("Blue");
    bgrn.raster.bands[1].colorInterpretation = QStringLiteral("Green");
    bgrn.raster.bands[2].colorInterpretation = QStringLiteral("Red");
    const LayerStyle rgb = LayerStyle::defaultFor(LayerKind::Imagery, bgrn);
    QCOMPARE(rgb.renderer, LayerStyle::Renderer::Rgb);
    QCOMPARE(rgb.bands(), (std::vector<int> { 3, 2, 1 }));
    MapLayerData classes = raster(1, LayerKind::ClassRaster);
    classes.classes = ClassTable::fromValues({ 1, 2 });
    QCOMPARE(LayerStyle::defaultFor(LayerKind::ClassRaster, classes).renderer, LayerStyle::Renderer::Classes);
    MapLayerData vector;
    vector.kind = LayerKind::VectorLabels;
    QCOMPARE(LayerStyle::defaultFor(LayerKind::VectorLabels, vector).fillOpacity, 0.45);
}

void TestLayerStyle::bandsOutOfRangeAreClamped()
{
    const LayerStyle style
        = LayerStyle::fromJson(QJsonObject { { QStringLiteral("renderer"), QStringLiteral("singleband") },
                                             { QStringLiteral("band"), 9 } },
                               LayerKind::Imagery, raster(3));
    QCOMPARE(style.band, 3);
}

void TestLayerStyle::classColoursOverrideTheLayersOwn()
{
    MapLayerData data;
    data.kind = LayerKind::VectorLabels;
    data.classes = ClassTable::fromNames({ QStringLiteral("water"), QStringLiteral("forest") });
    const QJsonArray classes { QJsonObject { { QStringLiteral("value"), 2 },
                                             { QStringLiteral("name"), QStringLiteral("water") },
                                             { QStringLiteral("color"), QStringLiteral("#1f78b4") } } };
    const LayerStyle style
        = LayerStyle::fromJson(QJsonObject { { QStringLiteral("renderer"), QStringLiteral("classes") },
                                             { QStringLiteral("classes"), classes } },
                               LayerKind::VectorLabels, data);
    const ClassTable table = style.classesFor(data);
    QCOMPARE(table.entries[1].name, QStringLiteral("water"));
    QCOMPARE(table.entries[1].color.hexName(), QStringLiteral("#1f78b4"));
    QCOMPARE(table.entries[0].color.hexName(), data.classes.entries[0].color.hexName()); // forest: its own
}

QTEST_MAIN(TestLayerStyle)
#include "testlayerstyle.moc"
