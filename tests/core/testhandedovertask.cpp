#include "jobs/handedovertask.h"

#include <QThread>
#include <QThreadPool>
#include <QtTest>

#include <atomic>
#include <memory>
#include <vector>

using namespace deepterra;

class TestHandedOverTask : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workRunsOnAPoolThreadAndItsCapturesGoWithTheTask();
    void oneThreadRunsTheTasksInTheOrderTheyStarted();
};

void TestHandedOverTask::workRunsOnAPoolThreadAndItsCapturesGoWithTheTask()
{
    QThreadPool pool;
    std::atomic<QThread *> ranOn { nullptr };
    auto captured = std::make_shared<int>(42);
    std::weak_ptr<int> watch = captured;
    std::atomic<int> seen { 0 };
    HandedOverTask::start(pool, [&ranOn, &seen, captured] {
        seen = *captured;
        ranOn = QThread::currentThread();
    });
    captured.reset();
    QVERIFY(pool.waitForDone(10000));
    QCOMPARE(seen.load(), 42);
    QVERIFY(ranOn.load() && ranOn.load() != QThread::currentThread());
    // The pool deleted the task, and with it the work and its captures.
    QVERIFY(watch.expired());
}

void TestHandedOverTask::oneThreadRunsTheTasksInTheOrderTheyStarted()
{
    // One thread, reused for every task: the case whose hand-over happens inside Qt.
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    std::vector<int> order;
    for (int i = 0; i < 50; ++i)
        HandedOverTask::start(pool, [&order, i] { order.push_back(i); });
    QVERIFY(pool.waitForDone(10000));
    QCOMPARE(int(order.size()), 50);
    for (int i = 0; i < 50; ++i)
        QCOMPARE(order[std::size_t(i)], i);
}

QTEST_GUILESS_MAIN(TestHandedOverTask)
#include "testhandedovertask.moc"
