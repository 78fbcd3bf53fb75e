#include "common/handoverqueue.h"

#include <QtTest>

#include <memory>
#include <thread>
#include <vector>

using namespace deepterra;

class TestHandOverQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valuesComeOutInTheOrderTheyWentIn();
    void everyValueFromEveryThreadIsTakenOnce();
};

void TestHandOverQueue::valuesComeOutInTheOrderTheyWentIn()
{
    HandOverQueue<std::unique_ptr<QString>> queue;
    QVERIFY(!queue.take().has_value());
    queue.put(std::make_unique<QString>(QStringLiteral("first")));
    queue.put(std::make_unique<QString>(QStringLiteral("second")));
    std::optional<std::unique_ptr<QString>> first = queue.take();
    QVERIFY(first.has_value());
    QCOMPARE(**first, QStringLiteral("first"));
    QCOMPARE(**queue.take(), QStringLiteral("second"));
    QVERIFY(!queue.take().has_value());
}

void TestHandOverQueue::everyValueFromEveryThreadIsTakenOnce()
{
    // Four workers put while the owner takes, as JobPool's workers and its owner do.
    constexpr int kThreads = 4;
    constexpr int kPerThread = 2000;
    HandOverQueue<std::pair<int, int>> queue;
    std::vector<std::thread> workers;
    for (int t = 0; t < kThreads; ++t)
        workers.emplace_back([&queue, t] {
            for (int i = 0; i < kPerThread; ++i)
                queue.put({ t, i });
        });
    std::vector<int> next(kThreads, 0);
    int taken = 0;
    while (taken < kThreads * kPerThread) {
        std::optional<std::pair<int, int>> value = queue.take();
        if (!value) {
            std::this_thread::yield();
            continue;
        }
        // Each worker's values arrive in its own order, none twice, none skipped.
        QCOMPARE(value->second, next[value->first]);
        ++next[value->first];
        ++taken;
    }
    for (std::thread &worker : workers)
        worker.join();
    QVERIFY(!queue.take().has_value());
    for (int t = 0; t < kThreads; ++t)
        QCOMPARE(next[t], kPerThread);
}

QTEST_GUILESS_MAIN(TestHandOverQueue)
#include "testhandoverqueue.moc"
