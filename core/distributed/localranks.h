#pragma once

#include "distributed/distributedsettings.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

class QProcess;
class QTemporaryDir;

namespace deepterra {

// The other ranks of a data-parallel job that this process leads on this machine. The app, or
// `deepterra-cli train` for a project whose training asks for several processes, trains as rank 0
// and starts ranks 1..N-1 as `deepterra-cli train` processes with PyTorch's launcher variables
// (DistributedSettings::workerEnvironment). Each rank's output goes to a log that failures quote.
// Used from one thread (the training job's), which need not run an event loop.
class LocalRanks
{
public:
    // Starts ranks 1..worldSize-1 of `program` with `arguments`. Throws DataError naming `program`
    // when it is missing, no port is free, or a rank does not start.
    LocalRanks(const QString &program, const QStringList &arguments, int worldSize, int timeoutSeconds);
    LocalRanks(const LocalRanks &) = delete;
    LocalRanks &operator=(const LocalRanks &) = delete;
    // After a finished job, waits for the ranks to end (they do by themselves), half a minute in
    // all; otherwise (rank 0 stopped early: a cancel, an error, before or after they joined, while
    // they may still be preparing their data) asks them to stop (SIGTERM: a cancel) and kills
    // those still running three seconds later.
    ~LocalRanks();

    // Rank 0's job finished: the ranks end by themselves.
    void markFinished() { m_finished = true; }

    // Rank 0's settings: where the other ranks look for it.
    const DistributedSettings &leadSettings() const { return m_lead; }
    // Throws DataError naming the program when a rank has ended already, with the last line of its
    // log: ProcessGroup::connect's `whileWaiting`, so that a rank that could not start its part
    // (an unreadable project, say) is reported at once rather than after the rendezvous timeout.
    void requireRunning() const;
    // The ranks that ended with a failure, each with the last line of its log; empty when none.
    QString failures() const;
    // Copies every rank's log into `folder` (rank-N.log), for a run that lost one of them.
    void keepLogs(const QString &folder) const;

private:
    QString describe(int index) const;

    QString m_program;
    DistributedSettings m_lead;
    std::unique_ptr<QTemporaryDir> m_logs;
    std::vector<std::unique_ptr<QProcess>> m_ranks; // rank r at r - 1
    bool m_finished = false;
};

} // namespace deepterra
