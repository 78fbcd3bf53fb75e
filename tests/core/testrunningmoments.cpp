#include "statistics/runningmoments.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <vector>

using namespace deepterra;

class TestRunningMoments : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void blocksMergeToTheWholeResult();
    void largeOffsetKeepsTheVariance();
    void invalidAndNonFiniteValuesAreSkipped();
    void emptyGivesNaN();
};

void TestRunningMoments::blocksMergeToTheWholeResult()
{
    // numpy: v = [4, 7, 13, 16, 1, 2]; v.mean() 7.166666666666667, v.std() 5.580223014261069.
    const std::vector<float> values { 4, 7, 13, 16, 1, 2 };
    const std::vector<std::uint8_t> valid(values.size(), 1);
    RunningMoments whole;
    whole.addBlock(values.data(), valid.data(), values.size());
    RunningMoments pieces;
    pieces.addBlock(values.data(), valid.data(), 1);
    pieces.addBlock(values.data() + 1, valid.data() + 1, 3);
    pieces.addBlock(values.data() + 4, valid.data() + 4, 2);
    for (const RunningMoments *m : { &whole, &pieces }) {
        QCOMPARE(m->count(), qint64(6));
        QCOMPARE(m->minimum(), 1.0);
        QCOMPARE(m->maximum(), 16.0);
        QVERIFY(std::abs(m->mean() - 7.166666666666667) < 1e-12);
        QVERIFY(std::abs(m->stdDev() - 5.580223014261069) < 1e-12);
    }
}

void TestRunningMoments::largeOffsetKeepsTheVariance()
{
    // 2^24 + {0, 2, 4, 6} (exact in float32): population variance 5 (deviations -3, -1, 1, 3), which a
    // float sum of squares would lose entirely. Added one value per block, the worst case for merging.
    const float base = 16777216.0f;
    const std::vector<float> values { base, base + 2, base + 4, base + 6 };
    const std::uint8_t valid = 1;
    RunningMoments m;
    for (float v : values)
        m.addBlock(&v, &valid, 1);
    QCOMPARE(m.mean(), 16777219.0);
    QVERIFY(std::abs(m.variance() - 5.0) < 1e-9);
}

void TestRunningMoments::invalidAndNonFiniteValuesAreSkipped()
{
    const std::vector<float> values { 1, -9999, std::numeric_limits<float>::quiet_NaN(),
                                      -std::numeric_limits<float>::infinity(), 3 };
    const std::vector<std::uint8_t> valid { 1, 0, 1, 1, 1 };
    RunningMoments m;
    m.addBlock(values.data(), valid.data(), values.size());
    QCOMPARE(m.count(), qint64(2));
    QCOMPARE(m.mean(), 2.0);
    QCOMPARE(m.minimum(), 1.0);
    QCOMPARE(m.variance(), 1.0);
}

void TestRunningMoments::emptyGivesNaN()
{
    RunningMoments m;
    const float v = 5;
    const std::uint8_t invalid = 0;
    m.addBlock(&v, &invalid, 1);
    QCOMPARE(m.count(), qint64(0));
    QVERIFY(std::isnan(m.minimum()));
    QVERIFY(std::isnan(m.maximum()));
    QVERIFY(std::isnan(m.mean()));
    QVERIFY(std::isnan(m.stdDev()));
}

QTEST_GUILESS_MAIN(TestRunningMoments)
#include "testrunningmoments.moc"
