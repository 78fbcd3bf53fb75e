#include "metrics/samplingplan.h"

#include <QtTest>

#include <numeric>
#include <stdexcept>
#include <vector>

using namespace deepterra;

namespace {

// Olofsson et al. 2014, section 5.1.1: the example's class shares and the user's accuracies
// conjectured for them, with a target standard error of 0.01 for the overall accuracy.
const std::vector<double> kWeights { 0.020, 0.015, 0.320, 0.645 };
const std::vector<double> kExpected { 0.70, 0.60, 0.90, 0.95 };
const std::vector<qint64> kPixels { 200000, 150000, 3200000, 6450000 };

qint64 sum(const std::vector<qint64> &values)
{
    return std::accumulate(values.begin(), values.end(), qint64(0));
}

} // namespace

class TestSamplingPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sampleSizeIsThePapers();
    void proportionalAllocationIsTable5s();
    void rareClassesGetTheFloor();
    void classesWithFewPixelsGiveTheRestAway();
    void classMappedNowhereGetsNoPoints();
    void badPlansAreRefused();
};

void TestSamplingPlan::sampleSizeIsThePapers()
{
    QCOMPARE(SamplingPlan::sampleSize(kWeights, kExpected, 0.01), qint64(641));
    // Half the standard error costs four times the points.
    const qint64 quarter = SamplingPlan::sampleSize(kWeights, kExpected, 0.005);
    QVERIFY(quarter >= 4 * 640 && quarter <= 4 * 641);
    // A perfect map needs no more than one point.
    QCOMPARE(SamplingPlan::sampleSize({ 0.5, 0.5 }, { 1.0, 1.0 }, 0.01), qint64(1));
}

void TestSamplingPlan::proportionalAllocationIsTable5s()
{
    const std::vector<qint64> plan = SamplingPlan::allocate(641, kWeights, 0, kPixels);
    QCOMPARE(plan, (std::vector<qint64> { 13, 10, 205, 413 }));
}

void TestSamplingPlan::rareClassesGetTheFloor()
{
    const std::vector<qint64> plan = SamplingPlan::allocate(641, kWeights, 50, kPixels);
    QCOMPARE(plan, (std::vector<qint64> { 50, 50, 179, 362 }));
    QCOMPARE(sum(plan), qint64(641));
    // Floors that exceed the total: every class gets its floor.
    QCOMPARE(SamplingPlan::allocate(100, kWeights, 50, kPixels), (std::vector<qint64> { 50, 50, 50, 50 }));
}

void TestSamplingPlan::classesWithFewPixelsGiveTheRestAway()
{
    // Class 0 has 20 pixels: all of them are sampled and the others share its surplus.
    const std::vector<qint64> plan = SamplingPlan::allocate(400, { 0.5, 0.25, 0.25 }, 10, { 20, 1000, 1000 });
    QCOMPARE(plan, (std::vector<qint64> { 20, 190, 190 }));
    // A floor larger than a class: the class is sampled completely, no more.
    QCOMPARE(SamplingPlan::allocate(100, { 0.01, 0.99 }, 50, { 7, 10000 }), (std::vector<qint64> { 7, 93 }));
}

void TestSamplingPlan::classMappedNowhereGetsNoPoints()
{
    const std::vector<qint64> plan = SamplingPlan::allocate(300, { 0.5, 0.0, 0.5 }, 50, { 1000, 0, 1000 });
    QCOMPARE(plan, (std::vector<qint64> { 150, 0, 150 }));
}

void TestSamplingPlan::badPlansAreRefused()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SamplingPlan::sampleSize(kWeights, { 0.9 }, 0.01));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SamplingPlan::sampleSize(kWeights, kExpected, 0.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             SamplingPlan::sampleSize(kWeights, { 0.7, 1.2, 0.9, 0.9 }, 0.01));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SamplingPlan::allocate(10, kWeights, 0, { 1, 2 }));
}

QTEST_APPLESS_MAIN(TestSamplingPlan)
#include "testsamplingplan.moc"
