#pragma once

// Core-private: only core .cpp files include this.

#include "distributed/processgroup.h"

#include <torch/torch.h>

#include <chrono>

#ifdef DEEPTERRA_HAS_GLOO
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO // ProcessGroupGloo.hpp declares nothing without it
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/Store.hpp>
#endif

namespace deepterra {

#ifdef DEEPTERRA_HAS_GLOO
// A collective in flight (c10d::Work in LibTorch 1.13 and 2.x alike).
using CollectiveWork
    = decltype(std::declval<c10d::ProcessGroupGloo &>().allreduce(std::declval<std::vector<at::Tensor> &>()));
#endif

struct ProcessGroup::Private
{
    int rank = 0;
    int size = 1;
    std::chrono::milliseconds timeout { 0 };
#ifdef DEEPTERRA_HAS_GLOO
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> gloo;

    // Sums `tensors` (CPU) over the ranks, in place; wait() for it before reading them.
    CollectiveWork allReduce(std::vector<at::Tensor> &tensors);
    // Waits for `work`; a rank that died or the timeout is a DataError saying so.
    void wait(const CollectiveWork &work) const;
#endif
    // Rank 0's values of `tensors` on every rank, in place (CPU tensors).
    void broadcastFromLead(std::vector<at::Tensor> &tensors);
    // Throws the DataError of a collective that failed: `what` is the runtime's reason.
    [[noreturn]] void lost(const std::string &what) const;
};

} // namespace deepterra
