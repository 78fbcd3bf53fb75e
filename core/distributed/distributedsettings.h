#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace deepterra {

// Where one process of a data-parallel training job stands: its rank among `worldSize` processes,
// and where rank 0 serves the rendezvous (a c10d TCPStore). Read from the variables that PyTorch's
// launchers set (torchrun: RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT) or Slurm's in an
// srun step (SLURM_PROCID, SLURM_STEP_NUM_TASKS, SLURM_LOCALID; the address from MASTER_ADDR or the
// first host of the job's node list), so that `srun deepterra-cli train ...` and torchrun-style launchers
// work as they do for PyTorch. `deepterra-cli train --nproc N` sets the torchrun variables for its workers.
struct DistributedSettings
{
    static constexpr int kDefaultPort = 29500; // PyTorch's
    static constexpr int kDefaultTimeoutSeconds = 600;

    int rank = 0;
    int worldSize = 1;
    int localRank = 0;
    QString masterAddress = QStringLiteral("127.0.0.1");
    int masterPort = kDefaultPort;
    // How long a collective waits for a rank that does not answer (DEEPTERRA_DIST_TIMEOUT, seconds)
    // before every other rank stops; a rank that dies is noticed at once.
    int timeoutSeconds = kDefaultTimeoutSeconds;

    bool isDistributed() const { return worldSize > 1; }
    bool isLead() const { return rank == 0; }

    // One process (rank 0 of 1) when neither launcher's variables are set. Throws DataError naming
    // the variable for values that do not add up (a rank past the world size, a port that is not one).
    static DistributedSettings fromEnvironment(const QProcessEnvironment &environment
                                               = QProcessEnvironment::systemEnvironment());
    // The variables of local worker `rank` of `worldSize`, for a launcher that starts them itself.
    QProcessEnvironment workerEnvironment(QProcessEnvironment base, int workerRank) const;
    // A port on the loopback interface that nothing listens on now, for a local job's rank 0; 0 when
    // none can be found.
    static int freeLoopbackPort();
    // "node[01-03],gpu7" -> "node01": the first host of a Slurm node list.
    static QString firstHostOf(const QString &nodeList);
};

} // namespace deepterra
