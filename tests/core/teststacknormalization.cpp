#include "training/stacknormalization.h"

#include <QtTest>

#include <cmath>

using namespace deepterra;

class TestStackNormalization : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void coverageCountsEachPixelOnce();
    void fitUsesOnlyCoveredValidPixels();
    void applyZeroesNoData();
};

namespace {

// A 6x4 window at (10, 20), one channel: value = 10 * row + column.
RasterStack ramp()
{
    RasterStack stack;
    stack.window = QRect(10, 20, 6, 4);
    stack.channels = { QStringLiteral("v") };
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 6; ++x)
            stack.values.push_back(float(10 * y + x));
    stack.valid.assign(stack.values.size(), 1);
    return stack;
}

PatchSite at(int x, int y)
{
    PatchSite site;
    site.x = x;
    site.y = y;
    return site;
}

} // namespace

void TestStackNormalization::coverageCountsEachPixelOnce()
{
    const RasterStack stack = ramp();
    // Two 2x2 patches overlapping on one pixel: (10..11, 20..21) and (11..12, 21..22), 7 pixels.
    const std::vector<std::uint8_t> covered
        = StackNormalization::coverage(stack, { at(10, 20), at(11, 21) }, 2);
    QCOMPARE(int(std::count(covered.begin(), covered.end(), 1)), 7);
    QCOMPARE(int(covered[1 * 6 + 1]), 1);
    QCOMPARE(int(covered[0 * 6 + 2]), 0);
}

void TestStackNormalization::fitUsesOnlyCoveredValidPixels()
{
    RasterStack stack = ramp();
    stack.valid[0] = 0; // value 0 is NoData
    std::vector<std::size_t> counts;
    // Patches as above cover values 0, 1, 10, 11 and 11, 12, 21, 22; without the NoData 0 and
    // counting 11 once: 1, 10, 11, 12, 21, 22 -> mean 77 / 6, population std computed by numpy:
    // np.std([1, 10, 11, 12, 21, 22]) = 7.104380495315706
    const Normalizer n = StackNormalization::fit(stack, { at(10, 20), at(11, 21) }, 2,
                                                 NormalizationKind::MeanStd, 2, 98, &counts);
    QCOMPARE(counts, std::vector<std::size_t> { 6 });
    QVERIFY(std::abs(n.offsets[0] - 77.0 / 6.0) < 1e-9);
    QVERIFY(std::abs(n.scales[0] - 7.104380495315706) < 1e-9);
    QCOMPARE(n.channels, stack.channels);
}

void TestStackNormalization::applyZeroesNoData()
{
    RasterStack stack = ramp();
    stack.valid[3] = 0;
    Normalizer n;
    n.offsets = { 5.0 };
    n.scales = { 2.0 };
    StackNormalization::apply(n, stack);
    QCOMPARE(stack.values[0], -2.5f);
    QCOMPARE(stack.values[3], 0.0f); // was 3, NoData
    QCOMPARE(stack.values[6 + 1], 3.0f); // (11 - 5) / 2
}

QTEST_GUILESS_MAIN(TestStackNormalization)
#include "teststacknormalization.moc"
