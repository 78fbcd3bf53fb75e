#include "clirun.h"
#include "testdata.h"

#include "common/dataerror.h"
#include "distributed/processgroup.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"
#include "training/trainingjob.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <chrono>
#include <cmath>
#include <csignal>
#include <thread>

using namespace deepterra;

// Issue 19, data-parallel training as users start it: `deepterra-cli train --nproc 2` starts two
// worker processes that meet through c10d (a TCPStore on the loopback interface, Gloo), and writes
// one ordinary run folder; a worker killed mid-training stops the job within seconds with a clear
// message, and `--resume RUN --nproc 2` finishes it.
class TestCliTrainParallel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void twoProcessesWriteOneRun();
    void aKilledWorkerStopsTheJobAndResumeFinishesIt();
    void badUsageIsOneLine();
    void theProjectsProcessesTrainTogether();
    void aRankThatCannotStartIsReportedAtOnce();
    void aCancelWhileTheRanksJoinStopsThemAtOnce();
    void aStartedRankKilledMidTrainingIsReported();

private:
    void writeTwoProcessProject();
    // Starts deepterra-cli with `arguments`, kills its rank 1 once RUN has a checkpoint, and
    // checks that the job then ends within 30 s, failing; `err` gets its messages.
    void killRankOneAfterTheFirstEpoch(const QStringList &arguments, const QString &runName, QString *err);
    test::CliResult run(const QStringList &arguments) const { return test::runCli(m_dir.path(), arguments); }
    QTemporaryDir m_dir;
};

namespace {

// The pid of the worker of rank `rank` among the children of `launcher`, or 0.
qint64 workerPid(qint64 launcher, int rank)
{
    const QStringList processes = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &name : processes) {
        bool isPid = false;
        const qint64 pid = name.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // pid (comm) state ppid ...: the fields after the last ')'.
        const QByteArray text = stat.readAll();
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() < 2 || fields[1].toLongLong() != launcher)
            continue;
        QFile environ(QStringLiteral("/proc/%1/environ").arg(pid));
        if (environ.open(QIODevice::ReadOnly)
            && environ.readAll().split('\0').contains(QByteArray("RANK=") + QByteArray::number(rank)))
            return pid;
    }
    return 0;
}

} // namespace

void TestCliTrainParallel::initTestCase()
{
    if (!ProcessGroup::isAvailable())
        QSKIP("built without Gloo (libgloo-dev)");
    const QString image = test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    if (image.isEmpty())
        QSKIP("the samples are missing: run scripts/fetch-samples.sh");
    QVERIFY(m_dir.isValid());
    const test::CliResult init
        = run(test::olindaSegmentationInit(QStringLiteral("olinda.deepterra"), image)
              + QStringList { QStringLiteral("--patch"), QStringLiteral("32"), QStringLiteral("--stride"),
                              QStringLiteral("16"), QStringLiteral("--epochs"), QStringLiteral("2"),
                              QStringLiteral("--batch"), QStringLiteral("16") });
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
}

void TestCliTrainParallel::twoProcessesWriteOneRun()
{
    const test::CliResult r
        = run({ QStringLiteral("train"), QStringLiteral("olinda.deepterra"), QStringLiteral("--out"),
                QStringLiteral("parallel"), QStringLiteral("--nproc"), QStringLiteral("2") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Run folder:")), qPrintable(r.out));
    // Rank 0 reports for the job; rank 1 has nothing to say.
    QVERIFY2(!r.err.contains(QStringLiteral("rank 1:")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("Finished after 2 epoch(s)")), qPrintable(r.err));
    const QDir folder(m_dir.filePath(QStringLiteral("parallel")));
    for (const char *file : { "config.json", "history.csv", "metrics.json", "training.log",
                              "checkpoints/best.pt", "checkpoints/last.pt" })
        QVERIFY2(QFileInfo::exists(folder.filePath(QLatin1String(file))), file);
    QFile metrics(folder.filePath(QStringLiteral("metrics.json")));
    QVERIFY(metrics.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(metrics.readAll()).object();
    QCOMPARE(json.value(QStringLiteral("stop")).toString(), QStringLiteral("completed"));
    QCOMPARE(json.value(QStringLiteral("epochsCompleted")).toInt(), 2);
    // The run predicts like any other.
    const test::CliResult predict
        = run({ QStringLiteral("predict"), QStringLiteral("parallel"), QStringLiteral("--input"),
                test::samplePath(QStringLiteral("tif/L7_ETMs.tif")), QStringLiteral("--output"),
                QStringLiteral("parallel-map.tif") });
    QVERIFY2(predict.exitCode == 0, qPrintable(predict.err));
}

void TestCliTrainParallel::aKilledWorkerStopsTheJobAndResumeFinishesIt()
{
    // Rank 1 is killed once the job has written its first epoch.
    QString err;
    killRankOneAfterTheFirstEpoch({ QStringLiteral("train"), QStringLiteral("olinda.deepterra"),
                                    QStringLiteral("--out"), QStringLiteral("killed"),
                                    QStringLiteral("--nproc"), QStringLiteral("2"),
                                    QStringLiteral("--epochs"), QStringLiteral("400") },
                                  QStringLiteral("killed"), &err);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(err.contains(QStringLiteral("lost another of its processes")), qPrintable(err));

    const test::CliResult resumed = run(
        { QStringLiteral("train"), QStringLiteral("--resume"), QStringLiteral("killed"),
          QStringLiteral("--nproc"), QStringLiteral("2"), QStringLiteral("--epochs"), QStringLiteral("3") });
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QVERIFY2(resumed.err.contains(QStringLiteral("Resuming after epoch")), qPrintable(resumed.err));
    QVERIFY2(resumed.err.contains(QStringLiteral("Finished after 3 epoch(s)")), qPrintable(resumed.err));
}

void TestCliTrainParallel::badUsageIsOneLine()
{
    const test::CliResult zero = run({ QStringLiteral("train"), QStringLiteral("olinda.deepterra"),
                                       QStringLiteral("--nproc"), QStringLiteral("0") });
    QCOMPARE(zero.exitCode, 2);
    QVERIFY2(zero.err.contains(QStringLiteral("--nproc takes a positive integer")), qPrintable(zero.err));
    const test::CliResult folds
        = run({ QStringLiteral("train"), QStringLiteral("olinda.deepterra"), QStringLiteral("--nproc"),
                QStringLiteral("2"), QStringLiteral("--folds"), QStringLiteral("3") });
    QCOMPARE(folds.exitCode, 2);
    QVERIFY2(folds.err.contains(QStringLiteral("does not combine with --folds")), qPrintable(folds.err));
}

void TestCliTrainParallel::killRankOneAfterTheFirstEpoch(const QStringList &arguments, const QString &runName,
                                                         QString *err)
{
    QProcess launcher;
    launcher.setWorkingDirectory(m_dir.path());
    launcher.start(QStringLiteral(DEEPTERRA_CLI_PATH), arguments);
    QVERIFY(launcher.waitForStarted());
    const QString last = m_dir.filePath(runName + QStringLiteral("/checkpoints/last.pt"));
    QElapsedTimer clock;
    clock.start();
    while (!QFileInfo::exists(last) && clock.elapsed() < 120000 && launcher.state() == QProcess::Running)
        QThread::msleep(100);
    QVERIFY2(QFileInfo::exists(last), qPrintable(QString::fromUtf8(launcher.readAllStandardError())));
    const qint64 rank1 = workerPid(launcher.processId(), 1);
    QVERIFY(rank1 > 0);
    QVERIFY(::kill(pid_t(rank1), SIGKILL) == 0);
    clock.restart();
    QVERIFY(launcher.waitForFinished(60000));
    QVERIFY2(clock.elapsed() < 30000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(launcher.exitCode() != 0);
    *err = QString::fromUtf8(launcher.readAllStandardError());
}

void TestCliTrainParallel::writeTwoProcessProject()
{
    QFile source(m_dir.filePath(QStringLiteral("olinda.deepterra")));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QJsonObject project = QJsonDocument::fromJson(source.readAll()).object();
    QJsonObject training = project.value(QStringLiteral("training")).toObject();
    training.insert(QStringLiteral("processes"), 2);
    project.insert(QStringLiteral("training"), training);
    QFile two(m_dir.filePath(QStringLiteral("olinda-2.deepterra")));
    QVERIFY(two.open(QIODevice::WriteOnly));
    two.write(QJsonDocument(project).toJson());
}

void TestCliTrainParallel::theProjectsProcessesTrainTogether()
{
    // training.processes in the project (the app's Device page): `train` leads and starts the other
    // rank itself, with the project as it is written, and the run is the --nproc run's.
    writeTwoProcessProject();

    const test::CliResult r = run({ QStringLiteral("train"), QStringLiteral("olinda-2.deepterra"),
                                    QStringLiteral("--out"), QStringLiteral("from-project") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QVERIFY2(r.err.contains(QStringLiteral("Training in 2 processes on this machine")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("Finished after 2 epoch(s)")), qPrintable(r.err));
    // The project written for the other rank is gone with the run.
    QCOMPARE(
        QDir(m_dir.path()).entryList({ QStringLiteral(".deepterra-ranks-*") }, QDir::Files | QDir::Hidden),
        QStringList());
    const auto metricsOf = [this](const QString &run) {
        QFile file(m_dir.filePath(run + QStringLiteral("/metrics.json")));
        return file.open(QIODevice::ReadOnly)
            ? QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("metrics")).toObject()
            : QJsonObject();
    };
    // The run records the processes it started, and resumes with them; a launcher's run records one.
    const auto processesOf = [this](const QString &run) {
        QFile file(m_dir.filePath(run + QStringLiteral("/config.json")));
        return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll())
                                                    .object()
                                                    .value(QStringLiteral("setup"))
                                                    .toObject()
                                                    .value(QStringLiteral("training"))
                                                    .toObject()
                                                    .value(QStringLiteral("processes"))
                                                    .toInt(1)
                                              : -1;
    };
    QCOMPARE(processesOf(QStringLiteral("from-project")), 2);
    QCOMPARE(processesOf(QStringLiteral("parallel")), 1);
    const QJsonObject ours = metricsOf(QStringLiteral("from-project"));
    const QJsonObject nproc = metricsOf(QStringLiteral("parallel"));
    QVERIFY2(!nproc.isEmpty(), "needs the --nproc run of twoProcessesWriteOneRun");
    // Two ranks, one thread each, the same seed: the same figures as `--nproc 2`.
    for (const QString &metric : { QStringLiteral("val_loss"), QStringLiteral("val_mean_iou") })
        QVERIFY2(std::abs(ours.value(metric).toDouble() - nproc.value(metric).toDouble()) < 1e-6,
                 qPrintable(QStringLiteral("%1: %2 vs %3")
                                .arg(metric)
                                .arg(ours.value(metric).toDouble())
                                .arg(nproc.value(metric).toDouble())));
}

void TestCliTrainParallel::aRankThatCannotStartIsReportedAtOnce()
{
    // A rank program that ends at once (here /bin/false): rank 0 says so within seconds, not after
    // the ten-minute rendezvous timeout, and names the rank and how it ended.
    writeTwoProcessProject();
    TrainingRequest request;
    request.projectPath = m_dir.filePath(QStringLiteral("olinda-2.deepterra"));
    request.outputFolder = m_dir.filePath(QStringLiteral("never"));
    request.rankProgram = QStringLiteral("/bin/false");
    TrainingJob job(request);
    Feedback feedback;
    QElapsedTimer clock;
    clock.start();
    QString path;
    const QString cause = test::dataErrorCause([&] { job.run(feedback); }, &path);
    QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY2(cause.contains(QStringLiteral("stopped before it began: rank 1 ended with exit code 1")),
             qPrintable(cause));
    QCOMPARE(path, QStringLiteral("/bin/false"));
    request.rankProgram = m_dir.filePath(QStringLiteral("no-such-program"));
    TrainingJob missing(request);
    QVERIFY(test::dataErrorCause([&] {
                missing.run(feedback);
            }).contains(QStringLiteral("the program is not there")));
}

void TestCliTrainParallel::aCancelWhileTheRanksJoinStopsThemAtOnce()
{
    // Ranks that never join (a program that only sleeps) and a Stop while rank 0 waits for them:
    // the job ends within seconds, and no rank is left running.
    writeTwoProcessProject();
    const QString sleeper = m_dir.filePath(QStringLiteral("sleeper.sh"));
    {
        QFile script(sleeper);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\necho $$ > \"$(dirname \"$0\")/sleeper.pid\"\nexec sleep 120\n");
    }
    QVERIFY(QFile::setPermissions(sleeper, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    TrainingRequest request;
    request.projectPath = m_dir.filePath(QStringLiteral("olinda-2.deepterra"));
    request.outputFolder = m_dir.filePath(QStringLiteral("never"));
    request.rankProgram = sleeper;
    TrainingJob job(request);
    Feedback feedback;
    QElapsedTimer clock;
    std::thread canceller([&feedback] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        feedback.cancel();
    });
    clock.start();
    bool canceled = false;
    try {
        job.run(feedback);
    } catch (const JobCanceled &) {
        canceled = true;
    } catch (const std::exception &e) {
        qWarning() << e.what();
    }
    canceller.join();
    QVERIFY(canceled);
    QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
    QFile pidFile(m_dir.filePath(QStringLiteral("sleeper.pid")));
    QVERIFY(pidFile.open(QIODevice::ReadOnly));
    const pid_t pid = pid_t(pidFile.readAll().trimmed().toLongLong());
    QVERIFY(pid > 0);
    QVERIFY2(::kill(pid, 0) != 0, "the rank still runs"); // reaped: no such process
    QCOMPARE(
        QDir(m_dir.path()).entryList({ QStringLiteral(".deepterra-ranks-*") }, QDir::Files | QDir::Hidden),
        QStringList());
}

void TestCliTrainParallel::aStartedRankKilledMidTrainingIsReported()
{
    // A project with processes 2 trained by deepterra-cli, whose rank 1 (its child) is killed once
    // the first epoch is written: rank 0 stops within seconds naming the rank and how it ended,
    // keeps the ranks' logs in the run folder, and the run resumes with two processes again.
    writeTwoProcessProject();
    QString err;
    killRankOneAfterTheFirstEpoch({ QStringLiteral("train"), QStringLiteral("olinda-2.deepterra"),
                                    QStringLiteral("--out"), QStringLiteral("rank-killed"),
                                    QStringLiteral("--epochs"), QStringLiteral("400") },
                                  QStringLiteral("rank-killed"), &err);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(err.contains(QStringLiteral("lost another of its processes"))
                 && err.contains(QStringLiteral("rank 1 was killed or crashed")),
             qPrintable(err));
    QVERIFY(QFileInfo::exists(m_dir.filePath(QStringLiteral("rank-killed/rank-1.log"))));

    const test::CliResult resumed
        = run({ QStringLiteral("train"), QStringLiteral("--resume"), QStringLiteral("rank-killed"),
                QStringLiteral("--epochs"), QStringLiteral("3") });
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QVERIFY2(resumed.err.contains(QStringLiteral("Training in 2 processes on this machine")),
             qPrintable(resumed.err));
    QVERIFY2(resumed.err.contains(QStringLiteral("Finished after 3 epoch(s)")), qPrintable(resumed.err));
}

QTEST_GUILESS_MAIN(TestCliTrainParallel)
#include "testclitrainparallel.moc"
