#include "training/normalizationaccumulator.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace deepterra;

namespace {

// Two channels over `rows` rows of 1000 pixels from row `top`, a few invalid.
RasterStack rowsOf(int top, int rows)
{
    RasterStack stack;
    stack.window = QRect(0, top, 1000, rows);
    stack.channels = { QStringLiteral("a"), QStringLiteral("b") };
    for (int c = 0; c < 2; ++c)
        for (int y = top; y < top + rows; ++y)
            for (int x = 0; x < 1000; ++x) {
                stack.values.push_back(c == 0 ? float(5000.0 + std::sin(x * 0.01 + y) * 3.0)
                                              : float((x * 7919 + y * 104729) % 1000));
                stack.valid.push_back((x + y) % 97 == 0 ? 0 : 1);
            }
    return stack;
}

std::vector<std::uint8_t> everyOther(const RasterStack &stack)
{
    std::vector<std::uint8_t> covered(stack.planeSize());
    for (std::size_t i = 0; i < covered.size(); ++i)
        covered[i] = (i / 3) % 2;
    return covered;
}

} // namespace

class TestNormalizationAccumulator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stripsGiveTheWholeWindowsFit_data();
    void stripsGiveTheWholeWindowsFit();
    void percentilesBeyondTheCapComeFromASample();
};

void TestNormalizationAccumulator::stripsGiveTheWholeWindowsFit_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("mean-std") << int(NormalizationKind::MeanStd);
    QTest::newRow("percentile") << int(NormalizationKind::PercentileMinMax);
}

void TestNormalizationAccumulator::stripsGiveTheWholeWindowsFit()
{
    QFETCH(int, kind);
    const auto normalization = NormalizationKind(kind);
    // 300 rows x 1000 pixels: over 65536 values a channel, so the mean/std sums run in several blocks
    // that strips of 7 rows split at other places.
    const RasterStack whole = rowsOf(0, 300);
    std::vector<std::vector<float>> values(2);
    const std::vector<std::uint8_t> covered = everyOther(whole);
    for (int c = 0; c < 2; ++c)
        for (std::size_t i = 0; i < covered.size(); ++i)
            if (covered[i] && whole.valid[whole.offset(c, 0, 0) + i])
                values[std::size_t(c)].push_back(whole.values[whole.offset(c, 0, 0) + i]);
    const Normalizer expected = Normalizer::fit(normalization, whole.channels, values, 2.0, 98.0);

    NormalizationAccumulator strips(normalization, whole.channels, 2.0, 98.0);
    for (int top = 0; top < 300; top += 7) {
        const RasterStack strip = rowsOf(top, std::min(7, 300 - top));
        std::vector<std::uint8_t> part(covered.begin() + std::ptrdiff_t(top) * 1000,
                                       covered.begin() + std::ptrdiff_t(top + strip.height()) * 1000);
        strips.add(strip, part);
    }
    QCOMPARE(strips.validCounts(), (std::vector<std::size_t> { values[0].size(), values[1].size() }));
    QVERIFY(!strips.sampled());
    const Normalizer fitted = strips.result();
    // Bit for bit: the same values in the same order, summed in the same blocks.
    QCOMPARE(fitted.offsets, expected.offsets);
    QCOMPARE(fitted.scales, expected.scales);
    QCOMPARE(fitted.kind, normalization);
}

void TestNormalizationAccumulator::percentilesBeyondTheCapComeFromASample()
{
    // Channel b is uniform over 0..999: its 2nd and 98th percentiles are about 20 and 979.
    const RasterStack whole = rowsOf(0, 200);
    const std::vector<std::uint8_t> all(whole.planeSize(), 1);
    NormalizationAccumulator exact(NormalizationKind::PercentileMinMax, whole.channels, 2.0, 98.0);
    exact.add(whole, all);
    NormalizationAccumulator sampled(NormalizationKind::PercentileMinMax, whole.channels, 2.0, 98.0, 20000,
                                     3);
    sampled.add(whole, all);
    QVERIFY(sampled.sampled());
    QCOMPARE(sampled.validCounts(), exact.validCounts());
    const Normalizer e = exact.result();
    const Normalizer s = sampled.result();
    QVERIFY(s.offsets[1] != e.offsets[1] || s.scales[1] != e.scales[1]); // it did sample
    QVERIFY2(std::abs(s.offsets[1] - e.offsets[1]) < 5.0, qPrintable(QString::number(s.offsets[1])));
    QVERIFY2(std::abs(s.scales[1] - e.scales[1]) < 10.0, qPrintable(QString::number(s.scales[1])));
    // Seeded: the same sample again.
    NormalizationAccumulator again(NormalizationKind::PercentileMinMax, whole.channels, 2.0, 98.0, 20000, 3);
    again.add(whole, all);
    QCOMPARE(again.result().offsets, s.offsets);
}

QTEST_GUILESS_MAIN(TestNormalizationAccumulator)
#include "testnormalizationaccumulator.moc"
