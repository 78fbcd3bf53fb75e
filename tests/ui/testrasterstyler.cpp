#include "map/rasterstyler.h"
#include "render/maplayerdata.h"

#include <QtTest>

using namespace deepterra;

class TestRasterStyler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rgbStretchesBetweenPercentiles();
    void singleBandGoesThroughTheRamp();
    void flatGroundKeepsItsColourUnderTheHillshade();
    void classesTakeTheirColours();
    void cubeRangeSpansEveryTimeStep();

private:
    // Statistics whose 2nd and 98th percentiles are 10 and 110, minimum 0, maximum 200.
    static BandStatistics statistics(int band);
    static RasterBuffer buffer(int width, int height, const std::vector<std::vector<float>> &bands);
};

BandStatistics TestRasterStyler::statistics(int band)
{
    BandStatistics s;
    s.band = band;
    s.minimum = 0;
    s.maximum = 200;
    s.validCount = 100;
    s.percentiles = { { 0, 0 }, { 2, 10 }, { 98, 110 }, { 100, 200 } };
    return s;
}

RasterBuffer TestRasterStyler::buffer(int width, int height, const std::vector<std::vector<float>> &bands)
{
    RasterBuffer b;
    b.width = width;
    b.height = height;
    for (std::size_t i = 0; i < bands.size(); ++i) {
        b.bands.push_back(int(i) + 1);
        for (float v : bands[i]) {
            b.values.push_back(v);
            b.valid.push_back(std::isnan(v) ? 0 : 1);
        }
    }
    return b;
}

void TestRasterStyler::rgbStretchesBetweenPercentiles()
{
    MapLayerData data;
    data.isRaster = true;
    data.statistics = { statistics(1), statistics(2), statistics(3) };
    LayerStyle style;
    style.renderer = LayerStyle::Renderer::Rgb;
    // Pixel 0: the 2nd percentile, the middle, the 98th: 0, (60 - 10) / 100 * 255 = 127.5 -> 128, 255.
    // Pixel 1: NaN in green: no colour at all.
    const QImage image = RasterStyler::render(
        buffer(2, 1, { { 10, 5 }, { 60, std::nanf("") }, { 110, 300 } }), data, style, 1.0);
    QCOMPARE(image.size(), QSize(2, 1));
    QCOMPARE(image.pixel(0, 0), qRgb(0, 128, 255));
    QCOMPARE(qAlpha(image.pixel(1, 0)), 0);
}

void TestRasterStyler::singleBandGoesThroughTheRamp()
{
    MapLayerData data;
    data.isRaster = true;
    data.statistics = { statistics(1) };
    LayerStyle style;
    style.renderer = LayerStyle::Renderer::SingleBand;
    style.stretch = LayerStyle::Stretch::MinMax;
    style.ramp = QStringLiteral("grey");
    // Min-max 0..200: 50 is a quarter, 63.75 -> 64 of 255; grey entry 64 is (64, 64, 64).
    QImage image = RasterStyler::render(buffer(2, 1, { { 50, 200 } }), data, style, 1.0);
    QCOMPARE(image.pixel(0, 0), qRgb(64, 64, 64));
    QCOMPARE(image.pixel(1, 0), qRgb(255, 255, 255));
    style.invert = true;
    image = RasterStyler::render(buffer(2, 1, { { 50, 200 } }), data, style, 1.0);
    QCOMPARE(image.pixel(1, 0), qRgb(0, 0, 0));
    style.ramp = QStringLiteral("viridis");
    style.invert = false;
    image = RasterStyler::render(buffer(1, 1, { { 0 } }), data, style, 1.0);
    QCOMPARE(QColor(image.pixel(0, 0)).name(), QStringLiteral("#440154"));
}

void TestRasterStyler::flatGroundKeepsItsColourUnderTheHillshade()
{
    MapLayerData data;
    data.isRaster = true;
    data.statistics = { statistics(1) };
    LayerStyle style;
    style.renderer = LayerStyle::Renderer::SingleBand;
    style.ramp = QStringLiteral("terrain");
    // A 5 x 5 plain read with one pixel of margin: the 3 x 3 image in the middle.
    const std::vector<float> plain(25, 60.0f);
    const QImage colours = RasterStyler::render(buffer(5, 5, { plain }), data, style, 30.0, 1);
    QCOMPARE(colours.size(), QSize(3, 3));
    style.renderer = LayerStyle::Renderer::Dem;
    style.hillshade = true;
    style.hillshadeStrength = 1.0;
    const QImage shaded = RasterStyler::render(buffer(5, 5, { plain }), data, style, 30.0, 1);
    QCOMPARE(shaded.pixel(1, 1), colours.pixel(1, 1));

    // A slope facing away from the light (rising to the north-west) is darker.
    std::vector<float> slope;
    for (int y = 0; y < 5; ++y)
        for (int x = 0; x < 5; ++x)
            slope.push_back(float(60 - 5 * (x + y)));
    const QImage dark = RasterStyler::render(buffer(5, 5, { slope }), data, style, 30.0, 1);
    style.hillshade = false;
    const QImage flatColour = RasterStyler::render(buffer(5, 5, { slope }), data, style, 30.0, 1);
    QVERIFY(qGray(dark.pixel(1, 1)) < qGray(flatColour.pixel(1, 1)));
}

void TestRasterStyler::classesTakeTheirColours()
{
    MapLayerData data;
    data.isRaster = true;
    data.classes = ClassTable::fromValues({ 1, 2 });
    LayerStyle style;
    style.renderer = LayerStyle::Renderer::Classes;
    const QImage image = RasterStyler::render(buffer(3, 1, { { 1, 2, 7 } }), data, style, 1.0);
    const ColorEntry one = data.classes.entries[0].color;
    QCOMPARE(image.pixel(0, 0), qRgb(one.red, one.green, one.blue));
    QVERIFY(image.pixel(1, 0) != image.pixel(0, 0));
    QCOMPARE(qAlpha(image.pixel(2, 0)), 0); // 7 is no class
}

void TestRasterStyler::cubeRangeSpansEveryTimeStep()
{
    MapLayerData data;
    data.kind = LayerKind::Cube;
    data.isRaster = true;
    BandStatistics first = statistics(1), second = statistics(2);
    first.maximum = 5;
    second.minimum = 2;
    second.maximum = 9;
    data.statistics = { first, second };
    LayerStyle style;
    style.stretch = LayerStyle::Stretch::MinMax;
    const RasterStyler::Range range = RasterStyler::stretchRange(data, 1, style);
    QCOMPARE(range.low, 0.0);
    QCOMPARE(range.high, 9.0);
    // Percentiles: the mean over the steps of each step's 2nd and 98th percentile.
    data.statistics[1].percentiles = { { 0, 0 }, { 2, 30 }, { 98, 150 }, { 100, 200 } };
    style.stretch = LayerStyle::Stretch::Percentile;
    const RasterStyler::Range percentiles = RasterStyler::stretchRange(data, 2, style);
    QCOMPARE(percentiles.low, 20.0);
    QCOMPARE(percentiles.high, 130.0);
}

QTEST_MAIN(TestRasterStyler)
#include "testrasterstyler.moc"
