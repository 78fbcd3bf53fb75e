#include "render/colorramp.h"

#include <QtTest>

using namespace deepterra;

class TestColorRamp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namedRampsHaveTheirPublishedEnds();
    void interpolatesBetweenStops();
    void clampsOutsideZeroToOne();
    void reversedSwapsTheEnds();
    void unknownNamesFallBack();
    void sampleSpansTheRamp();
    void badStopsAreRefused();
};

void TestColorRamp::namedRampsHaveTheirPublishedEnds()
{
    // viridisLite::viridis(9) and matplotlib's terrain segment data.
    const ColorRamp viridis = *ColorRamp::named(QStringLiteral("viridis"));
    QCOMPARE(viridis.colorAt(0.0).hexName(), QStringLiteral("#440154"));
    QCOMPARE(viridis.colorAt(0.5).hexName(), QStringLiteral("#21908c"));
    QCOMPARE(viridis.colorAt(1.0).hexName(), QStringLiteral("#fde725"));
    const ColorRamp terrain = *ColorRamp::named(QStringLiteral("Terrain"));
    QCOMPARE(terrain.colorAt(0.5).hexName(), QStringLiteral("#ffff99"));
    QCOMPARE(terrain.colorAt(0.25).hexName(), QStringLiteral("#00cc66"));
    for (const QString &name : ColorRamp::names())
        QVERIFY2(ColorRamp::named(name).has_value(), qPrintable(name));
}

void TestColorRamp::interpolatesBetweenStops()
{
    // Halfway between viridis stops 0 (#440154) and 1 (#472d7b), at 1/16: by hand,
    // (0x44+0x47)/2 = 69.5 -> 70, (0x01+0x2d)/2 = 23, (0x54+0x7b)/2 = 103.5 -> 104.
    const ColorEntry c = ColorRamp::named(QStringLiteral("viridis"))->colorAt(1.0 / 16.0);
    QCOMPARE(int(c.red), 70);
    QCOMPARE(int(c.green), 23);
    QCOMPARE(int(c.blue), 104);
    const ColorEntry grey = ColorRamp::named(QStringLiteral("grey"))->colorAt(0.25);
    QCOMPARE(int(grey.red), 64); // 255 * 0.25 = 63.75
}

void TestColorRamp::clampsOutsideZeroToOne()
{
    const ColorRamp ramp = *ColorRamp::named(QStringLiteral("magma"));
    QCOMPARE(ramp.colorAt(-3).hexName(), QStringLiteral("#000004"));
    QCOMPARE(ramp.colorAt(7).hexName(), QStringLiteral("#fcfdbf"));
    QCOMPARE(ramp.colorAt(std::nan("")).hexName(), QStringLiteral("#000004"));
}

void TestColorRamp::reversedSwapsTheEnds()
{
    const ColorRamp ramp = ColorRamp::named(QStringLiteral("terrain"))->reversed();
    QCOMPARE(ramp.colorAt(0.0).hexName(), QStringLiteral("#ffffff"));
    QCOMPARE(ramp.colorAt(1.0).hexName(), QStringLiteral("#333399"));
    QCOMPARE(ramp.colorAt(0.85).hexName(), QStringLiteral("#0099ff")); // was at 0.15
}

void TestColorRamp::unknownNamesFallBack()
{
    QVERIFY(!ColorRamp::named(QStringLiteral("rainbow-ish")).has_value());
    QCOMPARE(ColorRamp::namedOrGrey(QStringLiteral("rainbow-ish")).name(), QStringLiteral("grey"));
}

void TestColorRamp::sampleSpansTheRamp()
{
    const std::vector<ColorEntry> colors = ColorRamp::named(QStringLiteral("grey"))->sample(256);
    QCOMPARE(colors.size(), std::size_t(256));
    for (int i = 0; i < 256; ++i)
        QCOMPARE(int(colors[std::size_t(i)].red), i);
}

void TestColorRamp::badStopsAreRefused()
{
    ColorEntry a, b;
    a.value = 0.2;
    b.value = 1.0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ColorRamp(QStringLiteral("x"), { a, b }));
    a.value = 0.0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ColorRamp(QStringLiteral("x"), { a }));
}

QTEST_GUILESS_MAIN(TestColorRamp)
#include "testcolorramp.moc"
