#include "training/learningrateschedule.h"

#include <QtTest>

#include <cmath>

using namespace deepterra;

class TestLearningRateSchedule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void constantStaysPut();
    void stepDecaysEveryStepSizeEpochs();
    void cosineGoesFromBaseToFloor();
    void oneCycleWarmsUpThenAnneals();
};

void TestLearningRateSchedule::constantStaysPut()
{
    TrainingConfig c;
    c.learningRate = 0.01;
    const LearningRateSchedule s(c, 10);
    QCOMPARE(s.at(0, 0), 0.01);
    QCOMPARE(s.at(7, 9), 0.01);
}

void TestLearningRateSchedule::stepDecaysEveryStepSizeEpochs()
{
    TrainingConfig c;
    c.learningRate = 1.0;
    c.schedule = ScheduleKind::Step;
    c.stepSize = 3;
    c.gamma = 0.5;
    const LearningRateSchedule s(c, 4);
    QCOMPARE(s.at(2, 3), 1.0);
    QCOMPARE(s.at(3, 0), 0.5);
    QCOMPARE(s.at(6, 0), 0.25);
}

void TestLearningRateSchedule::cosineGoesFromBaseToFloor()
{
    TrainingConfig c;
    c.learningRate = 0.1;
    c.minLearningRate = 0.001;
    c.schedule = ScheduleKind::Cosine;
    c.epochs = 10;
    const LearningRateSchedule s(c, 5);
    QCOMPARE(s.at(0, 0), 0.1);
    // Halfway (step 25 of 50): the midpoint of base and floor.
    QVERIFY(std::abs(s.at(5, 0) - 0.0505) < 1e-12);
    QVERIFY(s.at(9, 4) > 0.001 && s.at(9, 4) < 0.0012);
}

void TestLearningRateSchedule::oneCycleWarmsUpThenAnneals()
{
    TrainingConfig c;
    c.learningRate = 0.01;
    c.schedule = ScheduleKind::OneCycle;
    c.maxLearningRate = 0.1;
    c.epochs = 10;
    const LearningRateSchedule s(c, 10); // 100 steps, peak at step 30
    QVERIFY(std::abs(s.at(0, 0) - 0.1 / 25.0) < 1e-12);
    QVERIFY(std::abs(s.at(3, 0) - 0.1) < 1e-12);
    QVERIFY(s.at(1, 5) > s.at(1, 0));
    QVERIFY(s.at(8, 0) < s.at(5, 0));
    QVERIFY(s.at(9, 9) < 0.1 / 25.0);
}

QTEST_GUILESS_MAIN(TestLearningRateSchedule)
#include "testlearningrateschedule.moc"
