#pragma once

// Core-private: only core .cpp files include this.

#include "inference/private/optimizednetwork.h"

#include <torch/script.h>

#include <QString>

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace deepterra {

class InferenceModel;

// A model's network evaluated by several streams side by side: each stream is a thread of its own
// with its own OptimizedNetwork and its share of the LibTorch intra-op threads, and takes the next
// queued batch when it is free. Two single-threaded streams do more than one two-threaded one: the
// threads do not meet at OpenMP barriers after every layer, and one stream's copies and softmax
// overlap the other's convolutions (unet-small on 2 cores, 20000 x 20000: 281-325 s against
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

    // `threads` are shared out among the streams (3 over 2 streams: 2 and 1), at least one each.
    // Returns once every stream has built its network, on its own thread with its own thread count.
    // `dropout`: how the streams' networks treat dropout (OptimizedNetwork); `device`: where they
    // run (a batch's tensors are moved there by the work).
    NetworkStreams(const InferenceModel &model, int streams, int threads,
                   TorchScriptSource::Dropout dropout = TorchScriptSource::Dropout::Identity,
                   const torch::Device &device = torch::kCPU);
    // Lets the batches being computed finish and drops the queued ones; LibTorch's thread count
    // for threads started later is the constructing thread's again.
    ~NetworkStreams();
    NetworkStreams(const NetworkStreams &) = delete;
    NetworkStreams &operator=(const NetworkStreams &) = delete;

    int count() const { return int(m_threadCounts.size()); }
    int threadsOfStream(int stream) const { return m_threadCounts[std::size_t(stream)]; }
    // Queues a batch; results may complete in any order. An exception thrown by `work` comes out of
    // the future's get().
    std::future<Result> submit(Work work);

private:
    struct Job
    {
        Work work;
        std::promise<Result> promise;
    };
    void serve(const InferenceModel &model, int stream);
    void stop();

    TorchScriptSource::Dropout m_dropout;
    torch::Device m_device;
    std::vector<int> m_threadCounts;
    std::mutex m_mutex;
    std::condition_variable m_wake; // a job was queued, or the streams stop
    std::condition_variable m_started; // a stream built its network (or failed to)
    std::deque<Job> m_jobs;
    int m_ready = 0;
    std::exception_ptr m_startError;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace deepterra
