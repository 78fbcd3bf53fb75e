#include "jobs/feedback.h"
#include "jobs/functionjob.h"
#include "jobs/latestjobrunner.h"

#include <QSignalSpy>
#include <QStringList>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <memory>

using namespace deepterra;

class TestLatestJobRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onlyTheNewestWaitingRequestRunsAndReports();
};

void TestLatestJobRunner::onlyTheNewestWaitingRequestRunsAndReports()
{
    LatestJobRunner runner;
    QSignalSpy finished(&runner, &LatestJobRunner::finished);
    auto started = std::make_shared<QStringList>();
    std::atomic<bool> release { false };
    const auto job = [&, started](const QString &name) {
        return [&, started, name] {
            started->append(name); // on the GUI thread: the factory is called when the job can start
            return std::make_unique<FunctionJob>(name, [&](Feedback &) {
                while (!release)
                    QThread::msleep(1);
            });
        };
    };
    runner.request(job(QStringLiteral("first")));
    runner.request(job(QStringLiteral("second"))); // replaced before it starts
    runner.request(job(QStringLiteral("third")));
    QVERIFY(runner.isBusy());
    QCOMPARE(*started, QStringList { QStringLiteral("first") });
    release = true;
    QVERIFY(finished.wait(5000));
    QCOMPARE(*started, (QStringList { QStringLiteral("first"), QStringLiteral("third") }));
    QTest::qWait(50);
    QCOMPARE(finished.count(), 1); // the first job's result was dropped
    QVERIFY(!runner.isBusy());
}

QTEST_GUILESS_MAIN(TestLatestJobRunner)
#include "testlatestjobrunner.moc"
