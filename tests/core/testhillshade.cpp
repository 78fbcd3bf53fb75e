#include "geodata/rasterdataset.h"
#include "render/hillshade.h"
#include "terrain/demprocessor.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace deepterra;

class TestHillshade : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesGdaldemOnTheOlindaDem();
    void flatGroundGetsTheSineOfTheAltitude();
    void slopeFacingTheLightIsBrighter();
    void invalidPixelsStayNaN();
};

namespace {
RasterBuffer bufferOf(int width, int height, const std::vector<float> &values)
{
    RasterBuffer buffer;
    buffer.width = width;
    buffer.height = height;
    buffer.bands = { 1 };
    buffer.values = values;
    buffer.valid.assign(values.size(), 1);
    for (std::size_t i = 0; i < values.size(); ++i)
        buffer.valid[i] = !std::isnan(values[i]);
    return buffer;
}
} // namespace

void TestHillshade::matchesGdaldemOnTheOlindaDem()
{
    // DemProcessor runs GDAL's gdaldem hillshade (azimuth 315, altitude 45, z 1, edges computed)
    // and writes 1 + 254 * shade as bytes.
    QTemporaryDir dir;
    const QString demPath = test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif"));
    const QString shadePath = dir.filePath(QStringLiteral("shade.tif"));
    DemProcessor::compute(demPath, DemDerivative::Hillshade, shadePath);

    const RasterDataset dem = RasterDataset::open(demPath);
    const RasterBuffer elevation = dem.readWindow(QRect(0, 0, dem.width(), dem.height()));
    const double cell = dem.info().geoTransform.pixelWidth();
    const std::vector<float> shade = Hillshade::compute(elevation, 0, cell, cell);
    const RasterBuffer reference
        = RasterDataset::open(shadePath).readWindow(QRect(0, 0, dem.width(), dem.height()));

    int compared = 0;
    for (int y = 0; y < dem.height(); ++y) {
        for (int x = 0; x < dem.width(); ++x) {
            const float s = shade[std::size_t(y * dem.width() + x)];
            QCOMPARE(std::isnan(s), !reference.isValid(0, x, y));
            if (std::isnan(s))
                continue;
            const double expected = reference.value(0, x, y);
            QVERIFY2(
                std::abs((1.0 + 254.0 * s) - expected) <= 1.0,
                qPrintable(QStringLiteral("%1,%2: %3 vs %4").arg(x).arg(y).arg(1 + 254 * s).arg(expected)));
            ++compared;
        }
    }
    QVERIFY(compared > dem.width() * dem.height() / 2);
}

void TestHillshade::flatGroundGetsTheSineOfTheAltitude()
{
    const std::vector<float> shade
        = Hillshade::compute(bufferOf(3, 3, std::vector<float>(9, 12.0f)), 0, 30, 30);
    for (float s : shade)
        QVERIFY(std::abs(s - std::sin(45.0 * M_PI / 180.0)) < 1e-6);
}

void TestHillshade::slopeFacingTheLightIsBrighter()
{
    // Ground rising towards the south-east (rows run south) faces north-west, the light's
    // direction (azimuth 315): brighter than flat ground; the mirrored slope is darker.
    std::vector<float> towardsLight, awayFromLight;
    for (int y = 0; y < 5; ++y)
        for (int x = 0; x < 5; ++x) {
            towardsLight.push_back(float(10 * (x + y)));
            awayFromLight.push_back(float(-10 * (x + y)));
        }
    const float flat = float(std::sin(45.0 * M_PI / 180.0));
    const float lit = Hillshade::compute(bufferOf(5, 5, towardsLight), 0, 30, 30)[12];
    const float dark = Hillshade::compute(bufferOf(5, 5, awayFromLight), 0, 30, 30)[12];
    QVERIFY2(lit > flat, "a slope facing the light must be brighter than flat ground");
    QVERIFY2(dark < flat, "a slope facing away from the light must be darker than flat ground");
}

void TestHillshade::invalidPixelsStayNaN()
{
    std::vector<float> values(9, 5.0f);
    values[4] = std::nanf("");
    const std::vector<float> shade = Hillshade::compute(bufferOf(3, 3, values), 0, 30, 30);
    QVERIFY(std::isnan(shade[4]));
    QVERIFY(!std::isnan(shade[0]));
}

QTEST_GUILESS_MAIN(TestHillshade)
#include "testhillshade.moc"
