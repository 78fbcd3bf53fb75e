#include "statistics/valuehistogram.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace deepterra;

namespace {

struct Values
{
    std::vector<float> values;
    std::vector<std::uint8_t> valid;

    Values(std::initializer_list<float> list)
        : values(list)
        , valid(list.size(), 1)
    { }
};

} // namespace

class TestValueHistogram : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void integerBinsAreExact();
    void floatBinsStayWithinOneBin();
    void constantValues();
    void invalidAndNonFiniteValuesAreSkipped();
    void rangesTooWideForIntegerBins();
    void emptyGivesNaN();
};

void TestValueHistogram::integerBinsAreExact()
{
    // numpy 1.24: np.percentile([12,-3,7,7,100,45,0,3,8,8,8,21,64,5,17,2,9], p) for
    // p = 0, 2, 10, 25, 33.3, 50, 75, 90, 98, 100.
    Values v { 12, -3, 7, 7, 100, 45, 0, 3, 8, 8, 8, 21, 64, 5, 17, 2, 9 };
    ValueHistogram histogram(-3, 100, true, 16);
    QVERIFY(histogram.isExact());
    QCOMPARE(histogram.binCount(), 104);
    // Fed in two blocks: the histogram accumulates across them.
    histogram.addBlock(v.values.data(), v.valid.data(), 10);
    histogram.addBlock(v.values.data() + 10, v.valid.data() + 10, v.values.size() - 10);
    QCOMPARE(histogram.count(), qint64(17));
    const std::vector<double> percents { 0, 2, 10, 25, 33.3, 50, 75, 90, 98, 100 };
    const std::vector<double> expected {
        -3, -2.04, 1.2000000000000002, 5, 7, 8, 17, 52.60000000000001, 88.47999999999999, 100
    };
    const std::vector<double> actual = histogram.percentiles(percents);
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(std::abs(actual[i] - expected[i]) < 1e-12, qPrintable(QString::number(actual[i], 'g', 17)));
}

void TestValueHistogram::floatBinsStayWithinOneBin()
{
    // numpy: np.percentile of these 11 values (float32 -> float64) at 2, 33.3, 75, 98:
    // -3.7997999999905003, 1.7474999999999996, 6.75, 82.40000000000006.
    Values v { 1.5f, 2.25f, 3.125f, 10.0f, 0.001f, -4.75f, 7.5f, 2.25f, 100.5f, 6.0f, 0.5f };
    const std::vector<double> percents { 2, 33.3, 75, 98, 0, 100 };
    const std::vector<double> expected {
        -3.7997999999905003, 1.7474999999999996, 6.75, 82.40000000000006, -4.75, 100.5
    };
    for (int bins : { 1, 3, 64, 1 << 16 }) {
        ValueHistogram histogram(-4.75, 100.5, false, bins);
        QVERIFY(!histogram.isExact());
        histogram.addBlock(v.values.data(), v.valid.data(), v.values.size());
        const std::vector<double> actual = histogram.percentiles(percents);
        const double binWidth = (100.5 + 4.75) / bins;
        for (std::size_t i = 0; i < expected.size(); ++i)
            QVERIFY2(
                std::abs(actual[i] - expected[i]) < binWidth,
                qPrintable(QStringLiteral("%1 bins: %2 vs %3").arg(bins).arg(actual[i]).arg(expected[i])));
        // The extremes are the bins' own extremes: exact.
        QCOMPARE(actual[4], -4.75);
        QCOMPARE(actual[5], 100.5);
    }
}

void TestValueHistogram::constantValues()
{
    Values v { 3.5f, 3.5f, 3.5f };
    ValueHistogram histogram(3.5, 3.5, false, 100);
    QVERIFY(histogram.isExact());
    histogram.addBlock(v.values.data(), v.valid.data(), v.values.size());
    QCOMPARE(histogram.percentiles({ 0, 50, 100 }), (std::vector<double> { 3.5, 3.5, 3.5 }));
}

void TestValueHistogram::invalidAndNonFiniteValuesAreSkipped()
{
    Values v {
        1, 2, 1000, std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(), 3
    };
    v.valid[2] = 0; // e.g. a NoData value
    ValueHistogram histogram(1, 3, true, 16);
    histogram.addBlock(v.values.data(), v.valid.data(), v.values.size());
    QCOMPARE(histogram.count(), qint64(3));
    QCOMPARE(histogram.percentiles({ 50 }), std::vector<double> { 2.0 }); // np.percentile([1,2,3], 50)
}

void TestValueHistogram::rangesTooWideForIntegerBins()
{
    QVERIFY(ValueHistogram(0, double(ValueHistogram::kMaxIntegerBins - 1), true, 10).isExact());
    QVERIFY(!ValueHistogram(0, double(ValueHistogram::kMaxIntegerBins), true, 10).isExact());
    // Integers beyond 2^24 do not survive the float read: no exact bins even for a narrow range.
    QVERIFY(!ValueHistogram(3e7, 3e7 + 100, true, 10).isExact());
    QCOMPARE(ValueHistogram(3e7, 3e7 + 100, true, 10).binCount(), 10);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ValueHistogram(0, std::nan(""), false, 10));
}

void TestValueHistogram::emptyGivesNaN()
{
    ValueHistogram histogram(0, 10, false, 10);
    const std::vector<double> result = histogram.percentiles({ 25, 75 });
    QCOMPARE(result.size(), std::size_t(2));
    QVERIFY(std::isnan(result[0]) && std::isnan(result[1]));
}

QTEST_GUILESS_MAIN(TestValueHistogram)
#include "testvaluehistogram.moc"
