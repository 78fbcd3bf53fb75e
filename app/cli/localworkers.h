#pragma once

#include <QStringList>

namespace deepterra::cli {

// `deepterra-cli train ... --nproc N`: starts N processes of this program, the ranks of one
// data-parallel job on this machine, with the variables torchrun would give them (RANK,
// WORLD_SIZE, LOCAL_RANK, MASTER_ADDR=127.0.0.1 and a free MASTER_PORT), and waits for them. Their
// output reaches this process's own (rank 0 reports for the job; the others only their problems).
// Ctrl+C and SIGTERM reach every worker, which stop together at the next batch. When a worker
// fails, the others notice at their next collective and stop; any still running after the job's
// timeout are killed. The exit code is rank 0's, or the first failure's.
class LocalWorkers
{
public:
    // `arguments`: the worker's command line after the program ("train", "project.deepterra"...).
    static int run(const QStringList &arguments, int count);
};

} // namespace deepterra::cli
