#include "jobs/workerthreadpriority.h"

#include <QtTest>

#include <atomic>
#include <thread>

using namespace deepterra;

class TestWorkerThreadPriority : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lowersOnlyTheCallingThreadAndWhatItStarts();
};

void TestWorkerThreadPriority::lowersOnlyTheCallingThreadAndWhatItStarts()
{
#ifndef __linux__
    QSKIP("thread priorities are lowered on Linux only");
#endif
    const int before = WorkerThreadPriority::currentNice();
    std::atomic<bool> lowered { false };
    std::atomic<int> workerNice { -100 };
    std::atomic<int> childNice { -100 };
    std::thread worker([&] {
        lowered = WorkerThreadPriority::lowerCurrentThread();
        workerNice = WorkerThreadPriority::currentNice();
        std::thread([&] { childNice = WorkerThreadPriority::currentNice(); }).join();
        // Lowering again keeps it (never raised back, which needs privileges).
        WorkerThreadPriority::lowerCurrentThread();
    });
    worker.join();
    QVERIFY(lowered);
    QVERIFY(workerNice >= WorkerThreadPriority::kBackgroundNice);
    QCOMPARE(childNice.load(), workerNice.load());
    QCOMPARE(WorkerThreadPriority::currentNice(), before);
}

QTEST_GUILESS_MAIN(TestWorkerThreadPriority)
#include "testworkerthreadpriority.moc"
