#include "common/dataerror.h"
#include "runtime/torchruntime.h"

#include <QThread>
#include <QtTest>

#include <thread>

using namespace deepterra;

class TestTorchRuntime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void aJobsThreadCountStaysItsOwn();
    void devicesResolve();
};

void TestTorchRuntime::initTestCase()
{
    TorchRuntime::setIntraOpThreads(2);
}

void TestTorchRuntime::aJobsThreadCountStaysItsOwn()
{
    if (QThread::idealThreadCount() < 2)
        QSKIP("needs two cores to tell thread counts apart");
    // Training with one thread beside a preview that wants two, as the app runs them: neither
    // changes the other's count or the one threads started later begin with.
    int trainingCount = 0;
    int previewCount = 0;
    std::thread training([&] {
        std::thread preview([&] {
            TorchRuntime::setThisThreadsIntraOpThreads(2);
            previewCount = TorchRuntime::intraOpThreads();
        });
        preview.join();
        TorchRuntime::setThisThreadsIntraOpThreads(1);
        trainingCount = TorchRuntime::intraOpThreads();
    });
    training.join();
    QCOMPARE(trainingCount, 1);
    QCOMPARE(previewCount, 2);
    QCOMPARE(TorchRuntime::intraOpThreads(), 2);
    int laterCount = 0;
    std::thread later([&] { laterCount = TorchRuntime::intraOpThreads(); });
    later.join();
    QCOMPARE(laterCount, 2);

    // 0 means every core, for this thread alone.
    int allCores = 0;
    std::thread all([&] {
        TorchRuntime::setThisThreadsIntraOpThreads(0);
        allCores = TorchRuntime::intraOpThreads();
    });
    all.join();
    QCOMPARE(allCores, QThread::idealThreadCount());
    QCOMPARE(TorchRuntime::intraOpThreads(), 2);
}

void TestTorchRuntime::devicesResolve()
{
    QCOMPARE(TorchRuntime::resolveDevice(QStringLiteral("CPU")), QStringLiteral("cpu"));
    QCOMPARE(TorchRuntime::resolveDevice(QStringLiteral("auto")), TorchRuntime::defaultDevice());
    QVERIFY(TorchRuntime::availableDevices().contains(QStringLiteral("cpu")));
    QVERIFY_THROWS_EXCEPTION(DataError, TorchRuntime::resolveDevice(QStringLiteral("tpu")));
    if (!TorchRuntime::cudaAvailable())
        QVERIFY_THROWS_EXCEPTION(DataError, TorchRuntime::resolveDevice(QStringLiteral("cuda:0")));
}

QTEST_GUILESS_MAIN(TestTorchRuntime)
#include "testtorchruntime.moc"
