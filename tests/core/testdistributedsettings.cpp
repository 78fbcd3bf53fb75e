#include "common/dataerror.h"
#include "distributed/distributedsettings.h"

#include <QtTest>

using namespace deepterra;

// Where a process of a data-parallel job stands, read from the variables PyTorch's launchers and
// Slurm set, as a user's `srun` or torchrun-style script sets them.
class TestDistributedSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void withoutALauncherOneProcess();
    void readsTorchrunsVariables();
    void readsSlurmsVariables();
    void slurmNodeListsGiveTheFirstHost_data();
    void slurmNodeListsGiveTheFirstHost();
    void badValuesNameTheVariable_data();
    void badValuesNameTheVariable();
    void workerEnvironmentRoundTrips();
};

namespace {

QProcessEnvironment environment(const QList<QPair<QString, QString>> &variables)
{
    QProcessEnvironment e;
    for (const auto &[name, value] : variables)
        e.insert(name, value);
    return e;
}

} // namespace

void TestDistributedSettings::withoutALauncherOneProcess()
{
    const DistributedSettings s = DistributedSettings::fromEnvironment(QProcessEnvironment());
    QCOMPARE(s.worldSize, 1);
    QCOMPARE(s.rank, 0);
    QVERIFY(!s.isDistributed());
    QVERIFY(s.isLead());
    // WORLD_SIZE=1 is one process too, whatever else is set.
    QVERIFY(!DistributedSettings::fromEnvironment(
                 environment({ { QStringLiteral("WORLD_SIZE"), QStringLiteral("1") } }))
                 .isDistributed());
    // The batch script of an allocation of several tasks, outside any srun step: one process.
    QVERIFY(!DistributedSettings::fromEnvironment(
                 environment({ { QStringLiteral("SLURM_NTASKS"), QStringLiteral("4") },
                               { QStringLiteral("SLURM_PROCID"), QStringLiteral("0") },
                               { QStringLiteral("SLURM_JOB_NODELIST"), QStringLiteral("n[1-4]") } }))
                 .isDistributed());
}

void TestDistributedSettings::readsTorchrunsVariables()
{
    const DistributedSettings s = DistributedSettings::fromEnvironment(
        environment({ { QStringLiteral("WORLD_SIZE"), QStringLiteral("8") },
                      { QStringLiteral("RANK"), QStringLiteral("5") },
                      { QStringLiteral("LOCAL_RANK"), QStringLiteral("1") },
                      { QStringLiteral("MASTER_ADDR"), QStringLiteral("node17") },
                      { QStringLiteral("MASTER_PORT"), QStringLiteral("29611") },
                      { QStringLiteral("DEEPTERRA_DIST_TIMEOUT"), QStringLiteral("120") },
                      // Slurm's are there too inside an allocation: torchrun's win.
                      { QStringLiteral("SLURM_NTASKS"), QStringLiteral("2") },
                      { QStringLiteral("SLURM_PROCID"), QStringLiteral("0") } }));
    QCOMPARE(s.worldSize, 8);
    QCOMPARE(s.rank, 5);
    QCOMPARE(s.localRank, 1);
    QCOMPARE(s.masterAddress, QStringLiteral("node17"));
    QCOMPARE(s.masterPort, 29611);
    QCOMPARE(s.timeoutSeconds, 120);
    QVERIFY(s.isDistributed() && !s.isLead());
}

void TestDistributedSettings::readsSlurmsVariables()
{
    const DistributedSettings s = DistributedSettings::fromEnvironment(
        environment({ { QStringLiteral("SLURM_STEP_NUM_TASKS"), QStringLiteral("4") },
                      { QStringLiteral("SLURM_NTASKS"), QStringLiteral("8") },
                      { QStringLiteral("SLURM_PROCID"), QStringLiteral("0") },
                      { QStringLiteral("SLURM_LOCALID"), QStringLiteral("0") },
                      { QStringLiteral("SLURM_JOB_ID"), QStringLiteral("123456") },
                      { QStringLiteral("SLURM_JOB_NODELIST"), QStringLiteral("gpu[07-08]") } }));
    QCOMPARE(s.worldSize, 4);
    QCOMPARE(s.rank, 0);
    QCOMPARE(s.masterAddress, QStringLiteral("gpu07"));
    // A port of the job's own, so that two jobs on one node do not meet.
    QCOMPARE(s.masterPort, DistributedSettings::kDefaultPort + 1 + 123456 % 20000);
    QVERIFY(s.isLead());
}

void TestDistributedSettings::slurmNodeListsGiveTheFirstHost_data()
{
    QTest::addColumn<QString>("list");
    QTest::addColumn<QString>("first");
    QTest::newRow("one host") << QStringLiteral("node3") << QStringLiteral("node3");
    QTest::newRow("hosts") << QStringLiteral("node3,node9") << QStringLiteral("node3");
    QTest::newRow("range") << QStringLiteral("cn[012-015]") << QStringLiteral("cn012");
    QTest::newRow("list in brackets") << QStringLiteral("cn[4,7-9],gpu1") << QStringLiteral("cn4");
}

void TestDistributedSettings::slurmNodeListsGiveTheFirstHost()
{
    QFETCH(QString, list);
    QFETCH(QString, first);
    QCOMPARE(DistributedSettings::firstHostOf(list), first);
}

void TestDistributedSettings::badValuesNameTheVariable_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("blamed");
    QTest::newRow("rank past the size")
        << QStringLiteral("RANK") << QStringLiteral("4") << QStringLiteral("RANK");
    QTest::newRow("rank not a number")
        << QStringLiteral("RANK") << QStringLiteral("first") << QStringLiteral("RANK");
    QTest::newRow("port out of range")
        << QStringLiteral("MASTER_PORT") << QStringLiteral("70000") << QStringLiteral("MASTER_PORT");
    QTest::newRow("no address") << QStringLiteral("MASTER_ADDR") << QString()
                                << QStringLiteral("MASTER_ADDR");
}

void TestDistributedSettings::badValuesNameTheVariable()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(QString, blamed);
    QProcessEnvironment e = environment({ { QStringLiteral("WORLD_SIZE"), QStringLiteral("4") },
                                          { QStringLiteral("RANK"), QStringLiteral("1") },
                                          { QStringLiteral("MASTER_ADDR"), QStringLiteral("node1") },
                                          { QStringLiteral("MASTER_PORT"), QStringLiteral("29500") } });
    if (value.isNull())
        e.remove(name);
    else
        e.insert(name, value);
    try {
        DistributedSettings::fromEnvironment(e);
        QFAIL("accepted");
    } catch (const DataError &error) {
        QVERIFY2(error.message().startsWith(blamed), qPrintable(error.message()));
    }
}

void TestDistributedSettings::workerEnvironmentRoundTrips()
{
    DistributedSettings launcher;
    launcher.worldSize = 3;
    launcher.masterPort = 40111;
    launcher.timeoutSeconds = 45;
    for (int rank = 0; rank < 3; ++rank) {
        const DistributedSettings worker
            = DistributedSettings::fromEnvironment(launcher.workerEnvironment(QProcessEnvironment(), rank));
        QCOMPARE(worker.rank, rank);
        QCOMPARE(worker.localRank, rank);
        QCOMPARE(worker.worldSize, 3);
        QCOMPARE(worker.masterAddress, QStringLiteral("127.0.0.1"));
        QCOMPARE(worker.masterPort, 40111);
        QCOMPARE(worker.timeoutSeconds, 45);
    }
}

QTEST_GUILESS_MAIN(TestDistributedSettings)
#include "testdistributedsettings.moc"
