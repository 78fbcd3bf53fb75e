#pragma once

#include "distributed/distributedsettings.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace deepterra {

// The processes of one data-parallel training job, connected through PyTorch's c10d runtime: a
// TCPStore that rank 0 serves for the rendezvous, and a Gloo process group for the collectives
// (gradients, losses, decisions), as PyTorch's own DistributedDataParallel on CPUs uses. Every
// collective is called by every rank in the same order. A rank that dies makes the others' next
// collective fail at once, and one that stops answering makes it fail after the settings'
// timeout: both as a DataError that says so, so that every rank stops with a clear message.
class ProcessGroup
{
public:
    // Meets the other ranks (rank 0 listens at masterAddress:masterPort). Waits up to the
    // settings' timeout for all of them; throws DataError naming the address otherwise, or when
    // this build of Deepterra has no Gloo.
    // `whileWaiting`, on rank 0, is called about ten times a second until every rank has joined:
    // it may throw to give up (a local rank that died before joining, a cancel), and the
    // exception then leaves connect().
    static std::shared_ptr<ProcessGroup> connect(const DistributedSettings &settings,
                                                 const std::function<void()> &whileWaiting = {});
    // `worldSize` ranks inside this process, meeting through an in-memory store (each Gloo
    // connection still goes through the loopback interface): for tests, each used on its own thread.
    static std::vector<std::shared_ptr<ProcessGroup>> connectInProcess(int worldSize,
                                                                       int timeoutSeconds = 60);
    // Whether this build can train over several processes (Gloo's headers were found).
    static bool isAvailable();

    ~ProcessGroup();
    ProcessGroup(const ProcessGroup &) = delete;
    ProcessGroup &operator=(const ProcessGroup &) = delete;

    int rank() const;
    int size() const;
    bool isLead() const { return rank() == 0; }

    // Elementwise sums over all ranks, on every rank.
    void allReduceSum(std::vector<double> &values);
    // Every rank's `bytes`, in rank order, on every rank.
    std::vector<QByteArray> allGather(const QByteArray &bytes);
    // Rank 0's `text` on every rank (rank 0 passes it, the others' is ignored), under `key`.
    QString shareFromLead(const QString &key, const QString &text);

    struct Private;
    Private &privateData() { return *d; }

private:
    explicit ProcessGroup(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace deepterra
