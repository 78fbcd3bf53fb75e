#include "inference/private/networkstreams.h"

#include "runtime/torchruntime.h"

#include <algorithm>
#include <memory>

namespace deepterra {

NetworkStreams::NetworkStreams(const InferenceModel &model, int streams, int threads,
                               TorchScriptSource::Dropout dropout, const torch::Device &device)
    : m_dropout(dropout)
    , m_device(device)
{
    const int count = std::max(1, streams);
    for (int s = 0; s < count; ++s)
        m_threadCounts.push_back(std::max(1, threads / count + (s < threads % count ? 1 : 0)));
    try {
        for (int s = 0; s < count; ++s)
            m_threads.emplace_back([this, &model, s] { serve(model, s); });
    } catch (...) {
        stop();
        throw;
    }
    std::exception_ptr error;
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_started.wait(lock, [this] { return m_ready == int(m_threads.size()); });
        error = m_startError;
    }
    if (error) {
        stop();
        std::rethrow_exception(error);
    }
}

NetworkStreams::~NetworkStreams()
{
    stop();
}

void NetworkStreams::stop()
{
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
        m_jobs.clear();
    }
    m_wake.notify_all();
    for (std::thread &thread : m_threads)
        if (thread.joinable())
            thread.join();
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

void NetworkStreams::serve(const InferenceModel &model, int stream)
{
    // The stream's own count, set before the network is built here in case its oneDNN kernels fix
    // their threads when made.
    TorchRuntime::setThisThreadsIntraOpThreads(m_threadCounts[std::size_t(stream)]);
    // Gradient mode is per thread too; an unoptimised network runs the engine's modules.
    torch::NoGradGuard noGrad;
    std::unique_ptr<OptimizedNetwork> network;
    std::exception_ptr error;
    try {
        network = std::make_unique<OptimizedNetwork>(model, m_dropout, m_device);
    } catch (...) {
        error = std::current_exception();
    }
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        if (error && !m_startError)
            m_startError = error;
        ++m_ready;
    }
    m_started.notify_all();
    if (!network)
        return;
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
            result.output = job.work(*network);
            if (!network->isOptimized())
                result.fallbackReason = network->fallbackReason();
            job.promise.set_value(std::move(result));
        } catch (...) {
            job.promise.set_exception(std::current_exception());
        }
    }
}

} // namespace deepterra
