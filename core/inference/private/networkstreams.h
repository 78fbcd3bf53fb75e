#pragma once

// Core-private: only core .cpp files include this.

#include "inference/private/optimizednetwork.h"

#include <torch/script.h>

#include <QString>

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace deepterra {

class InferenceModel;

// A model's network evaluated by several streams side by side: each stream is a thread of its own
// with its own OptimizedNetwork and `threadsPerStream` LibTorch intra-op threads, and takes the
// next queued batch when it is free. Two single-threaded streams do more than one two-threaded
// one: the threads do not meet at OpenMP barriers after every layer, and one stream's copies and
// softmax overlap the other's convolutions (unet-small on 2 cores, 20000 x 20000: 281 s against
// 373 s; docs/benchmarks.md).
class NetworkStreams
{
public:
    struct Result
    {
        torch::Tensor output;
        QString fallbackReason; // why the stream's network runs unoptimised; empty when optimised
    };
    // What a stream does with a batch: run the network and post-process, on the stream's thread.
    using Work = std::function<torch::Tensor(OptimizedNetwork &)>;

    NetworkStreams(const InferenceModel &model, int streams, int threadsPerStream);
    // Lets the batches being computed finish and drops the queued ones; LibTorch's thread count
    // for threads started later is the constructing thread's again.
    ~NetworkStreams();
    NetworkStreams(const NetworkStreams &) = delete;
    NetworkStreams &operator=(const NetworkStreams &) = delete;

    int count() const { return int(m_networks.size()); }
    int threadsPerStream() const { return m_threadsPerStream; }
    // Queues a batch; results may complete in any order. An exception thrown by `work` comes out of
    // the future's get().
    std::future<Result> submit(Work work);

private:
    struct Job
    {
        Work work;
        std::promise<Result> promise;
    };
    void serve(OptimizedNetwork &network);

    int m_threadsPerStream;
    int m_callerThreads;
    std::vector<std::unique_ptr<OptimizedNetwork>> m_networks;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace deepterra
