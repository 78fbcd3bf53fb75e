#pragma once

// Core-private: only core .cpp files include this.

#include "models/private/network.h"
#include "training/samplebatch.h"
#include "training/trainingconfig.h"
#include "training/trainingdata.h"

#include <torch/torch.h>

#include <memory>

namespace deepterra {

class GradientReducer;
class ProcessGroup;

// The forward pass, loss and backward pass of one batch: on one process, or as one rank of a
// data-parallel job, where each rank holds a slice of the batch and the gradients left in the
// parameters are those of the whole batch. The loss of each rank is weighted by its share of the
// batch's loss denominator (lossDenominator), the gradients are summed over the ranks in buckets
// while backward runs (GradientReducer), and the reported loss and example count are the whole
// batch's, on every rank: every rank takes the same decisions (a non-finite loss stops all).
class BatchStep
{
public:
    BatchStep(NetworkImpl &network, const TrainingData &data, const TrainingConfig &config,
              torch::Tensor classWeights, torch::Device device, std::shared_ptr<ProcessGroup> group);
    ~BatchStep();

    struct Result
    {
        double loss = 0.0; // the whole batch's; not finite: no gradients were computed
        std::size_t examples = 0; // the whole batch's
        bool canceled = false; // a rank was asked to stop: every rank stops at this batch
    };
    // `stopRequested`: this rank's own cancel (the batch is then not trained on any rank). The
    // forward pass and the loss run in the configuration's precision (AutocastScope); backward
    // starts from the loss times `lossScale` (GradScaler), the reported loss is not scaled.
    Result run(SampleBatch &batch, bool stopRequested, double lossScale = 1.0);
    // Each rank's batch-norm statistics follow its own slices; before the ranks evaluate their
    // validation shards they take rank 0's, which are the ones its checkpoints keep. No-op alone.
    void shareLeadBuffers();
    // Rank 0's weights and batch-norm statistics on every rank (the best epoch's, for the test
    // split). No-op alone.
    void shareLeadState();

private:
    torch::Tensor loss(SampleBatch &batch, double *denominator);

    NetworkImpl &m_network;
    const TrainingData &m_data;
    const TrainingConfig &m_config;
    torch::Tensor m_classWeights;
    torch::Device m_device;
    std::shared_ptr<ProcessGroup> m_group;
    std::unique_ptr<GradientReducer> m_reducer;
};

} // namespace deepterra
