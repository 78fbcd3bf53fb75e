#pragma once

#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace deepterra {

// Values a worker thread hands to the thread that owns the queue. The worker puts its value here
// and then wakes the owner with a queued call that carries no data; the owner takes the value in
// that call. The value thus crosses threads through this std::mutex rather than inside a queued
// call's captures or arguments: ThreadSanitizer sees the mutex, and everything the worker wrote
// before put() (the value, the job's results, what the job freed) is ordered before take(). Qt's
// event queue orders them just as well, but inside libQt6Core, where TSan cannot see it. First in,
// first out: one take() per put() and per queued call.
template<typename T> class HandOverQueue
{
public:
    void put(T value)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_values.push_back(std::move(value));
    }

    std::optional<T> take()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_values.empty())
            return std::nullopt;
        std::optional<T> value(std::move(m_values.front()));
        m_values.pop_front();
        return value;
    }

private:
    std::mutex m_mutex;
    std::deque<T> m_values;
};

} // namespace deepterra
