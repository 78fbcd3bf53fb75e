#include "cli/localworkers.h"

#include "distributed/distributedsettings.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QProcess>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <memory>
#include <vector>

namespace deepterra::cli {

namespace {

std::atomic<bool> g_stopRequested { false };

void onStop(int)
{
    g_stopRequested = true;
}

} // namespace

int LocalWorkers::run(const QStringList &arguments, int count)
{
    QTextStream err(stderr);
    DistributedSettings settings;
    settings.worldSize = count;
    settings.masterAddress = QStringLiteral("127.0.0.1");
    settings.masterPort = DistributedSettings::freeLoopbackPort();
    if (qEnvironmentVariableIsSet("DEEPTERRA_DIST_TIMEOUT"))
        settings.timeoutSeconds = qEnvironmentVariableIntValue("DEEPTERRA_DIST_TIMEOUT");
    if (settings.masterPort == 0) {
        err << "deepterra-cli train: --nproc: no free port on 127.0.0.1 for the workers to meet\n";
        return 1;
    }

    std::vector<std::unique_ptr<QProcess>> workers;
    std::vector<int> exitCodes(static_cast<std::size_t>(count), -1);
    std::vector<bool> crashed(static_cast<std::size_t>(count), false);
    int running = 0;
    int firstFailure = -1;
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        for (auto &worker : workers)
            if (worker->state() != QProcess::NotRunning)
                worker->kill();
    });
    for (int rank = 0; rank < count; ++rank) {
        auto worker = std::make_unique<QProcess>();
        worker->setProgram(QCoreApplication::applicationFilePath());
        worker->setArguments(arguments);
        worker->setProcessEnvironment(
            settings.workerEnvironment(QProcessEnvironment::systemEnvironment(), rank));
        worker->setProcessChannelMode(QProcess::ForwardedChannels);
        QObject::connect(worker.get(), &QProcess::finished, &loop,
                         [&, rank](int code, QProcess::ExitStatus status) {
                             crashed[std::size_t(rank)] = status != QProcess::NormalExit;
                             exitCodes[std::size_t(rank)] = status == QProcess::NormalExit ? code : 1;
                             if (exitCodes[std::size_t(rank)] != 0 && firstFailure < 0) {
                                 firstFailure = rank;
                                 // The others stop at their next collective; a hung one is killed.
                                 deadline.start(std::max(30, settings.timeoutSeconds) * 1000);
                             }
                             if (--running == 0)
                                 loop.quit();
                         });
        worker->start();
        if (!worker->waitForStarted()) {
            err << "deepterra-cli train: --nproc: worker " << rank
                << " did not start: " << worker->errorString() << "\n";
            for (auto &started : workers)
                started->kill();
            for (auto &started : workers)
                started->waitForFinished();
            return 1;
        }
        ++running;
        workers.push_back(std::move(worker));
    }

    // Ctrl+C reaches the workers from the terminal too; SIGTERM (a batch system's) only this process.
    g_stopRequested = false;
    std::signal(SIGINT, onStop);
    std::signal(SIGTERM, onStop);
    QTimer stopWatch;
    QObject::connect(&stopWatch, &QTimer::timeout, &loop, [&] {
        if (!g_stopRequested.exchange(false))
            return;
        for (auto &worker : workers)
            if (worker->state() != QProcess::NotRunning)
                worker->terminate();
    });
    stopWatch.start(100);
    if (running > 0)
        loop.exec();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);

    // A worker stopped by Ctrl+C or SIGTERM (130) is no news: rank 0 said the job stopped.
    if (firstFailure > 0 && exitCodes[std::size_t(firstFailure)] != 130)
        err << "deepterra-cli train: worker " << firstFailure << " of " << count << " stopped first ("
            << (crashed[std::size_t(firstFailure)]
                    ? QStringLiteral("killed or crashed")
                    : QStringLiteral("exit code %1").arg(exitCodes[std::size_t(firstFailure)]))
            << ")\n";
    if (exitCodes[0] != 0 || firstFailure < 0)
        return exitCodes[0];
    return exitCodes[std::size_t(firstFailure)];
}

} // namespace deepterra::cli
