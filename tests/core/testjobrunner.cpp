#include "common/dataerror.h"
#include "jobs/feedback.h"
#include "jobs/functionjob.h"
#include "jobs/job.h"
#include "jobs/jobrunner.h"
#include "jobs/workerthreadpriority.h"

#include <QSignalSpy>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace deepterra;

namespace {

class CountingJob : public Job
{
public:
    explicit CountingJob(int steps, std::atomic<int> *done = nullptr)
        : m_steps(steps)
        , m_done(done)
    { }
    QString name() const override { return QStringLiteral("Counting"); }
    void run(Feedback &feedback) override
    {
        for (int i = 0; i < m_steps; ++i) {
            feedback.checkpoint();
            QThread::msleep(5);
            if (m_done)
                ++*m_done;
            feedback.setProgress(100.0 * (i + 1) / m_steps);
        }
        feedback.info(QStringLiteral("counted"));
    }

private:
    int m_steps;
    std::atomic<int> *m_done;
};

class FailingJob : public Job
{
public:
    QString name() const override { return QStringLiteral("Failing"); }
    void run(Feedback &) override
    {
        throw DataError(QStringLiteral("/data/x.tif"), QStringLiteral("truncated"));
    }
};

} // namespace

class TestJobRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void blockingRunReportsProgressAndMessages();
    void dataErrorBecomesFailureNamingTheFile();
    void workerThreadFinishesOnCallerThread();
    void cancelStopsWithinOneStep();
    void pauseHoldsTheJob();
    void finishedSlotCanStartTheNextJob();
    void workersYieldToTheGuiThread();
};

void TestJobRunner::workersYieldToTheGuiThread()
{
#ifndef __linux__
    QSKIP("thread priorities are lowered on Linux only");
#endif
    const int guiNice = WorkerThreadPriority::currentNice();
    std::atomic<int> jobNice { -100 };
    std::atomic<int> spawnedNice { -100 }; // a thread the job starts, as OpenMP does
    JobRunner runner;
    QSignalSpy finished(&runner, &JobRunner::finished);
    QVERIFY(runner.start(std::make_unique<FunctionJob>(QStringLiteral("nice"), [&](Feedback &) {
        jobNice = WorkerThreadPriority::currentNice();
        std::thread([&] { spawnedNice = WorkerThreadPriority::currentNice(); }).join();
    })));
    QVERIFY(finished.wait(5000));
    QVERIFY2(jobNice >= WorkerThreadPriority::kBackgroundNice, qPrintable(QString::number(jobNice)));
    QVERIFY2(spawnedNice >= WorkerThreadPriority::kBackgroundNice, qPrintable(QString::number(spawnedNice)));
    QCOMPARE(WorkerThreadPriority::currentNice(), guiNice);
}

void TestJobRunner::blockingRunReportsProgressAndMessages()
{
    Feedback feedback;
    QSignalSpy progress(&feedback, &Feedback::progressChanged);
    QSignalSpy messages(&feedback, &Feedback::messageLogged);
    CountingJob job(4);
    const JobResult result = JobRunner::runBlocking(job, feedback);
    QVERIFY(result.succeeded());
    QCOMPARE(progress.count(), 4);
    QCOMPARE(progress.last().at(0).toDouble(), 100.0);
    QCOMPARE(messages.count(), 1);
    QCOMPARE(messages.first().at(1).toString(), QStringLiteral("counted"));
}

void TestJobRunner::dataErrorBecomesFailureNamingTheFile()
{
    Feedback feedback;
    FailingJob job;
    const JobResult result = JobRunner::runBlocking(job, feedback);
    QCOMPARE(result.status, JobResult::Status::Failed);
    QCOMPARE(result.error, QStringLiteral("/data/x.tif: truncated"));
}

void TestJobRunner::workerThreadFinishesOnCallerThread()
{
    JobRunner runner;
    QSignalSpy finished(&runner, &JobRunner::finished);
    QVERIFY(runner.start(std::make_unique<CountingJob>(3)));
    QVERIFY(finished.wait(5000));
    QVERIFY(finished.first().at(0).value<JobResult>().succeeded());
    QVERIFY(!runner.isRunning());
}

void TestJobRunner::cancelStopsWithinOneStep()
{
    std::atomic<int> done { 0 };
    JobRunner runner;
    QSignalSpy finished(&runner, &JobRunner::finished);
    QVERIFY(runner.start(std::make_unique<CountingJob>(100000, &done)));
    QTRY_VERIFY(done.load() >= 3);
    runner.cancel();
    const int atCancel = done.load();
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().at(0).value<JobResult>().status, JobResult::Status::Canceled);
    QVERIFY(done.load() <= atCancel + 1);

    // The next job starts clean: the earlier cancel does not leak into it.
    finished.clear();
    QVERIFY(runner.start(std::make_unique<CountingJob>(2)));
    QVERIFY(finished.wait(5000));
    QVERIFY(finished.first().at(0).value<JobResult>().succeeded());
}

void TestJobRunner::pauseHoldsTheJob()
{
    std::atomic<int> done { 0 };
    JobRunner runner;
    QSignalSpy finished(&runner, &JobRunner::finished);
    QVERIFY(runner.start(std::make_unique<CountingJob>(100000, &done)));
    QTRY_VERIFY(done.load() >= 2);
    runner.feedback()->setPaused(true);
    QTest::qWait(50);
    const int atPause = done.load();
    QTest::qWait(100);
    QVERIFY(done.load() <= atPause + 1);
    runner.feedback()->setPaused(false);
    QTRY_VERIFY(done.load() > atPause + 2);
    runner.cancelAndWait();
}

void TestJobRunner::finishedSlotCanStartTheNextJob()
{
    // A GUI chains jobs (train, then predict) from the finished signal: by then the runner must
    // say it is idle, even if the worker thread has not quite exited.
    JobRunner runner;
    QSignalSpy finished(&runner, &JobRunner::finished);
    int started = 0;
    bool idleInSlot = true;
    connect(&runner, &JobRunner::finished, this, [&] {
        idleInSlot = idleInSlot && !runner.isRunning();
        if (started < 5 && runner.start(std::make_unique<CountingJob>(1)))
            ++started;
    });
    QVERIFY(runner.start(std::make_unique<CountingJob>(1)));
    QTRY_COMPARE(finished.count(), 6);
    QVERIFY(idleInSlot);
    QCOMPARE(started, 5);
    QVERIFY(!runner.isRunning());
}

QTEST_GUILESS_MAIN(TestJobRunner)
#include "testjobrunner.moc"
