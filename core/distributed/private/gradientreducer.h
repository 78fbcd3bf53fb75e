#pragma once

// Core-private: only core .cpp files include this.

#include "distributed/private/processgroupprivate.h"

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace deepterra {

// Sums the gradients of a network over the ranks of a data-parallel job, as PyTorch's
// DistributedDataParallel does: the parameters are grouped into buckets of about 25 MiB, in the
// reverse of their order (the order backward produces their gradients in), and a bucket's
// all-reduce starts as soon as backward has produced all its gradients, while backward goes on
// with the earlier layers. Buckets start strictly in order, so that every rank issues the same
// collectives in the same order. Gradients are gathered into CPU buffers, so a network on a GPU
// works too (at the cost of the copies; NCCL is not used).
//
// Each rank scales its loss so that the sums are the gradient of the whole batch (Trainer): the
// reducer adds, it does not average.
class GradientReducer
{
public:
    GradientReducer(ProcessGroup::Private &group, std::vector<torch::Tensor> parameters,
                    std::int64_t bucketBytes = std::int64_t(25) << 20);
    ~GradientReducer();
    GradientReducer(const GradientReducer &) = delete;
    GradientReducer &operator=(const GradientReducer &) = delete;

    // Before each step's backward (also a rank whose share of the batch is empty calls it).
    void startStep();
    // After backward (or instead of it): starts the buckets still waiting, waits for all and puts
    // the sums into the parameters' gradients. Throws DataError when another rank is gone.
    void finishStep();

private:
    struct Bucket
    {
        torch::Tensor flat; // float32, CPU
        std::vector<std::size_t> parameters;
        std::vector<std::int64_t> offsets;
        std::size_t pending = 0;
#ifdef DEEPTERRA_HAS_GLOO
        CollectiveWork work;
#endif
        bool started = false;
    };

    void gradientReady(std::size_t parameter, const torch::Tensor &gradient);
    void startReadyBuckets();

    ProcessGroup::Private &m_group;
    std::vector<torch::Tensor> m_parameters;
    std::vector<Bucket> m_buckets;
    std::vector<std::size_t> m_bucketOf; // per parameter
    std::vector<std::int64_t> m_offsetOf;
    std::vector<unsigned> m_hooks;
    std::size_t m_nextToStart = 0;
};

} // namespace deepterra
