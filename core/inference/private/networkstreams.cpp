#include "inference/private/networkstreams.h"

#include <algorithm>

namespace deepterra {

NetworkStreams::NetworkStreams(const InferenceModel &model, int streams, int threadsPerStream)
    : m_threadsPerStream(std::max(1, threadsPerStream))
    , m_callerThreads(torch::get_num_threads())
{
    for (int s = 0; s < std::max(1, streams); ++s)
        m_networks.push_back(std::make_unique<OptimizedNetwork>(model));
    for (const std::unique_ptr<OptimizedNetwork> &network : m_networks)
        m_threads.emplace_back([this, n = network.get()] { serve(*n); });
}

NetworkStreams::~NetworkStreams()
{
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
        m_jobs.clear();
    }
    m_wake.notify_all();
    for (std::thread &thread : m_threads)
        thread.join();
    // torch::set_num_threads in the streams also set the count that threads started from now on
    // begin with; this restores the caller's.
    torch::set_num_threads(m_callerThreads);
}

std::future<NetworkStreams::Result> NetworkStreams::submit(Work work)
{
    Job job;
    job.work = std::move(work);
    std::future<Result> result = job.promise.get_future();
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
    return result;
}

void NetworkStreams::serve(OptimizedNetwork &network)
{
    // OpenMP's thread count is per calling thread: this stream's, whatever the others use.
    torch::set_num_threads(m_threadsPerStream);
    // Gradient mode is per thread too; an unoptimised network runs the engine's modules.
    torch::NoGradGuard noGrad;
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
            if (m_stopping)
                return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        try {
            Result result;
            result.output = job.work(network);
            if (!network.isOptimized())
                result.fallbackReason = network.fallbackReason();
            job.promise.set_value(std::move(result));
        } catch (...) {
            job.promise.set_exception(std::current_exception());
        }
    }
}

} // namespace deepterra
