#pragma once

#include <QJsonObject>
#include <QString>

#include <torch/torch.h>

namespace deepterra {

// One checkpoint = one file: the network's parameters and buffers, the optimiser's state, the CPU
// random generator, and the trainer's JSON state (epoch, history, best value). Written atomically
// (AtomicFile), so a crash while saving leaves the previous checkpoint intact.
class CheckpointFile
{
public:
    static void save(const QString &path, torch::nn::Module &network, torch::optim::Optimizer *optimizer,
                     const QJsonObject &state);
    // Restores the network (and the optimiser and RNG when given) and returns the JSON state.
    // Throws DataError for a missing or damaged file.
    static QJsonObject load(const QString &path, torch::nn::Module &network,
                            torch::optim::Optimizer *optimizer, bool restoreRandomState);
    // The JSON state alone, without a network.
    static QJsonObject readState(const QString &path);
};

} // namespace deepterra
