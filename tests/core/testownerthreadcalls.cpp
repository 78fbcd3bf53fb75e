#include "jobs/feedback.h"
#include "jobs/ownerthreadcalls.h"

#include <QThread>
#include <QtTest>

#include <atomic>
#include <memory>
#include <thread>

using namespace deepterra;

class TestOwnerThreadCalls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aCallOnTheOwnersThreadRunsAtOnce();
    void callsFromAWorkerRunOnTheOwnersThreadInOrder();
    void callsStillQueuedGoWithTheOwner();
    void feedbackReportsReachTheOwnersThread();
};

void TestOwnerThreadCalls::aCallOnTheOwnersThreadRunsAtOnce()
{
    QObject owner;
    auto *calls = new OwnerThreadCalls(&owner);
    bool ran = false;
    calls->run([&] { ran = true; });
    QVERIFY(ran);
}

void TestOwnerThreadCalls::callsFromAWorkerRunOnTheOwnersThreadInOrder()
{
    QObject owner;
    auto *calls = new OwnerThreadCalls(&owner);
    QList<int> order;
    QList<QThread *> threads;
    std::thread worker([&] {
        for (int i = 0; i < 100; ++i)
            calls->run([&, i] {
                order << i;
                threads << QThread::currentThread();
            });
    });
    worker.join();
    // Nothing runs before the owner's event loop does.
    QVERIFY(order.isEmpty());
    QTRY_COMPARE(order.size(), 100);
    for (int i = 0; i < 100; ++i) {
        QCOMPARE(order[i], i);
        QCOMPARE(threads[i], QThread::currentThread());
    }
}

void TestOwnerThreadCalls::callsStillQueuedGoWithTheOwner()
{
    auto owner = std::make_unique<QObject>();
    auto *calls = new OwnerThreadCalls(owner.get());
    std::atomic<int> ran { 0 };
    std::thread worker([&] { calls->run([&] { ++ran; }); });
    worker.join();
    owner.reset();
    QTest::qWait(20);
    QCOMPARE(ran.load(), 0);
}

void TestOwnerThreadCalls::feedbackReportsReachTheOwnersThread()
{
    Feedback feedback;
    feedback.deliverOnOwnerThread();
    QStringList messages;
    QList<double> progress;
    QList<QThread *> threads;
    connect(
        &feedback, &Feedback::messageLogged, &feedback,
        [&](Feedback::Level, const QString &text) {
            messages << text;
            threads << QThread::currentThread();
        },
        Qt::DirectConnection);
    connect(
        &feedback, &Feedback::progressChanged, &feedback, [&](double percent) { progress << percent; },
        Qt::DirectConnection);
    // A log file on the job's side gets each message at once, on the reporting thread.
    QStringList reported;
    QThread *reportedOn = nullptr;
    connect(
        &feedback, &Feedback::messageReported, &feedback,
        [&](Feedback::Level, const QString &text) {
            reported << text;
            reportedOn = QThread::currentThread();
        },
        Qt::DirectConnection);
    QThread *reportingThread = nullptr;
    std::thread worker([&] {
        reportingThread = QThread::currentThread();
        feedback.info(QStringLiteral("reading tile 1"));
        feedback.setProgress(50.0);
        feedback.warning(QStringLiteral("tile 2 is all NoData"));
    });
    worker.join();
    QCOMPARE(reported.size(), 2);
    QCOMPARE(reportedOn, reportingThread);
    QVERIFY(messages.isEmpty());
    QTRY_COMPARE(messages.size(), 2);
    QCOMPARE(messages,
             (QStringList { QStringLiteral("reading tile 1"), QStringLiteral("tile 2 is all NoData") }));
    QCOMPARE(progress, QList<double> { 50.0 });
    QCOMPARE(threads, (QList<QThread *> { QThread::currentThread(), QThread::currentThread() }));

    // Without it (the CLI), a report reaches a direct listener at once, on the reporting thread.
    Feedback console;
    QThread *printedOn = nullptr;
    connect(
        &console, &Feedback::messageLogged, &console,
        [&](Feedback::Level, const QString &) { printedOn = QThread::currentThread(); },
        Qt::DirectConnection);
    QThread *workerThread = nullptr;
    std::thread cli([&] {
        workerThread = QThread::currentThread();
        console.info(QStringLiteral("epoch 1"));
    });
    cli.join();
    QCOMPARE(printedOn, workerThread);
}

QTEST_GUILESS_MAIN(TestOwnerThreadCalls)
#include "testownerthreadcalls.moc"
