#include "common/dataerror.h"
#include "jobs/feedback.h"
#include "jobs/functionjob.h"
#include "jobs/jobpool.h"
#include "jobs/workerthreadpriority.h"

#include <QElapsedTimer>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <memory>
#include <stdexcept>

using namespace deepterra;

class TestJobPool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valuesArriveOnTheOwnersThread();
    void jobsRunSideBySide();
    void exceptionsBecomeResults();
    void threadsRunAtThePoolsPriority();
    void aPoolGoingAwayCancelsAndDropsItsCallbacks();
    void aCallbackMayDeleteThePool();
};

void TestJobPool::valuesArriveOnTheOwnersThread()
{
    JobPool pool;
    std::optional<QString> value;
    JobResult result;
    QThread *workThread = nullptr;
    QThread *doneThread = nullptr;
    pool.call<QString>(
        QStringLiteral("Reading"),
        [&](Feedback &) {
            workThread = QThread::currentThread();
            return QStringLiteral("42 m");
        },
        [&](std::optional<QString> v, const JobResult &r) {
            doneThread = QThread::currentThread();
            value = std::move(v);
            result = r;
        });
    QCOMPARE(pool.pendingCount(), 1);
    QTRY_VERIFY(doneThread);
    QVERIFY(result.succeeded());
    QCOMPARE(value, std::optional<QString>(QStringLiteral("42 m")));
    QCOMPARE(doneThread, QThread::currentThread());
    QVERIFY(workThread && workThread != QThread::currentThread());
    QCOMPARE(pool.pendingCount(), 0);
}

void TestJobPool::jobsRunSideBySide()
{
    // Each job waits for the other to start: one at a time would time out.
    JobPool pool;
    std::atomic<int> started { 0 };
    int succeeded = 0;
    for (int i = 0; i < 2; ++i)
        pool.call<bool>(
            QStringLiteral("Waiting"),
            [&](Feedback &) {
                ++started;
                QElapsedTimer timer;
                timer.start();
                while (started < 2 && timer.elapsed() < 5000)
                    QThread::msleep(1);
                return started == 2;
            },
            [&](std::optional<bool> both, const JobResult &) { succeeded += both.value_or(false) ? 1 : 0; });
    QTRY_COMPARE_WITH_TIMEOUT(pool.pendingCount(), 0, 10000);
    QCOMPARE(succeeded, 2);
}

void TestJobPool::exceptionsBecomeResults()
{
    JobPool pool;
    QList<JobResult> results;
    QList<bool> hadValue;
    const auto collect = [&](std::optional<int> value, const JobResult &result) {
        hadValue << value.has_value();
        results << result;
    };
    pool.call<int>(
        QStringLiteral("Reading dem.tif"),
        [](Feedback &) -> int { throw DataError(QStringLiteral("dem.tif"), QStringLiteral("truncated")); },
        collect);
    QTRY_COMPARE(results.size(), 1);
    pool.call<int>(
        QStringLiteral("Reading dem.tif"), [](Feedback &) -> int { throw std::runtime_error("bad_alloc"); },
        collect);
    QTRY_COMPARE(results.size(), 2);
    QCOMPARE(results[0].status, JobResult::Status::Failed);
    QCOMPARE(results[0].error, QStringLiteral("dem.tif: truncated"));
    QCOMPARE(results[1].status, JobResult::Status::Failed);
    QCOMPARE(results[1].error, QStringLiteral("Reading dem.tif failed: bad_alloc"));
    QCOMPARE(hadValue, (QList<bool> { false, false }));
}

void TestJobPool::threadsRunAtThePoolsPriority()
{
#ifndef __linux__
    QSKIP("thread priorities are set on Linux only");
#endif
    const int guiNice = WorkerThreadPriority::currentNice();
    const auto niceOf = [](JobPool &pool) {
        auto nice = std::make_shared<std::optional<int>>();
        pool.call<int>(
            QStringLiteral("Probe"), [](Feedback &) { return WorkerThreadPriority::currentNice(); },
            [nice](std::optional<int> value, const JobResult &) { *nice = value; });
        for (int waited = 0; !*nice && waited < 5000; waited += 10)
            QTest::qWait(10);
        return nice->value_or(-100);
    };
    JobPool background(WorkerThreadPriority::kBackgroundNice);
    JobPool interactive(0);
    QCOMPARE(niceOf(background), std::max(guiNice, int(WorkerThreadPriority::kBackgroundNice)));
    QCOMPARE(niceOf(interactive), guiNice);
    QCOMPARE(WorkerThreadPriority::currentNice(), guiNice);
}

void TestJobPool::aPoolGoingAwayCancelsAndDropsItsCallbacks()
{
    auto pool = std::make_unique<JobPool>();
    std::atomic<bool> running { false };
    std::atomic<bool> canceled { false };
    bool called = false;
    pool->start(std::make_unique<FunctionJob>(QStringLiteral("Endless"),
                                              [&](Feedback &feedback) {
                                                  running = true;
                                                  try {
                                                      for (;;) {
                                                          feedback.checkpoint();
                                                          QThread::msleep(1);
                                                      }
                                                  } catch (...) {
                                                      canceled = true;
                                                      throw;
                                                  }
                                              }),
                [&](const JobResult &) { called = true; });
    QTRY_VERIFY(running);
    pool.reset(); // cancels, waits
    QVERIFY(canceled);
    QTest::qWait(50);
    QVERIFY(!called);

    // cancelAll ends a job with a Canceled result.
    JobPool second;
    std::optional<JobResult> result;
    running = false;
    second.start(std::make_unique<FunctionJob>(QStringLiteral("Endless"),
                                               [&](Feedback &feedback) {
                                                   running = true;
                                                   for (;;) {
                                                       feedback.checkpoint();
                                                       QThread::msleep(1);
                                                   }
                                               }),
                 [&](const JobResult &r) { result = r; });
    QTRY_VERIFY(running);
    second.cancelAll();
    QTRY_VERIFY(result.has_value());
    QCOMPARE(result->status, JobResult::Status::Canceled);
}

void TestJobPool::aCallbackMayDeleteThePool()
{
    // A window closing from a job's callback deletes its pool: the callbacks queued behind it go
    // with the pool, whether their jobs had finished, were running or had not started.
    auto *pool = new JobPool;
    std::atomic<int> finished { 0 };
    int calls = 0;
    for (int i = 0; i < 3; ++i)
        pool->start(std::make_unique<FunctionJob>(QStringLiteral("Quick"), [&](Feedback &) { ++finished; }),
                    [&](const JobResult &) {
                        ++calls;
                        delete pool;
                        pool = nullptr;
                    });
    QTRY_VERIFY(!pool);
    QTest::qWait(50);
    QCOMPARE(calls, 1);
    QVERIFY(finished.load() >= 1);
}

QTEST_GUILESS_MAIN(TestJobPool)
#include "testjobpool.moc"
