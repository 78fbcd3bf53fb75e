#include "training/batchloader.h"

#include "training/sampledataset.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <numeric>
#include <random>

namespace deepterra {

namespace {

std::uint64_t mix(std::uint64_t a, std::uint64_t b)
{
    // splitmix64 of the pair: independent, reproducible streams per (seed, epoch, example).
    std::uint64_t z = a + 0x9e3779b97f4a7c15ULL * (b + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::int64_t product(const std::vector<std::int64_t> &shape)
{
    return std::accumulate(shape.begin(), shape.end(), std::int64_t(1), std::multiplies<>());
}

} // namespace

std::vector<std::size_t> BatchLoader::epochOrder(const SampleDataset &dataset,
                                                 const BatchLoaderOptions &options)
{
    const std::size_t n = dataset.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    if (!options.shuffle)
        return order;
    std::mt19937_64 rng(mix(options.seed, std::uint64_t(options.epoch)));
    const std::vector<double> weights = options.balanced ? dataset.samplingWeights() : std::vector<double> {};
    if (weights.size() == n && n > 0) {
        // Class-balanced epochs: n draws with replacement, proportional to the weights.
        std::discrete_distribution<std::size_t> draw(weights.begin(), weights.end());
        for (std::size_t &i : order)
            i = draw(rng);
        return order;
    }
    std::shuffle(order.begin(), order.end(), rng);
    return order;
}

std::size_t BatchLoader::batchCount(std::size_t examples, const BatchLoaderOptions &options)
{
    const std::size_t batchSize = std::size_t(std::max(1, options.batchSize));
    return options.dropLast ? examples / batchSize : (examples + batchSize - 1) / batchSize;
}

BatchLoader::BatchLoader(const SampleDataset &dataset, const BatchLoaderOptions &options)
    : m_dataset(dataset)
    , m_options(options)
{
    const std::vector<std::size_t> order = epochOrder(dataset, options);
    const std::size_t batchSize = std::size_t(std::max(1, options.batchSize));
    for (std::size_t start = 0; start < order.size(); start += batchSize) {
        const std::size_t end = std::min(order.size(), start + batchSize);
        if (options.dropLast && end - start < batchSize)
            break;
        const std::size_t shards = std::size_t(std::max(1, options.shardCount));
        const std::size_t rank = std::size_t(std::clamp(options.shardRank, 0, int(shards) - 1));
        const std::size_t first = start + (end - start) * rank / shards;
        const std::size_t last = start + (end - start) * (rank + 1) / shards;
        m_batches.emplace_back(order.begin() + std::ptrdiff_t(first), order.begin() + std::ptrdiff_t(last));
        m_firstPositions.push_back(first - start);
    }
    m_thread = std::thread([this] { produce(); });
}

BatchLoader::~BatchLoader()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_space.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

SampleBatch BatchLoader::build(std::size_t batchIndex) const
{
    const std::vector<std::size_t> &indices = m_batches[batchIndex];
    SampleBatch batch;
    batch.size = indices.size();
    batch.indices = indices;
    const std::vector<std::int64_t> inShape = m_dataset.inputShape();
    const std::int64_t inCount = product(inShape);
    batch.inputShape = { std::int64_t(batch.size) };
    batch.inputShape.insert(batch.inputShape.end(), inShape.begin(), inShape.end());
    batch.inputs.resize(std::size_t(inCount) * batch.size);

    Sample sample;
    for (std::size_t i = 0; i < indices.size(); ++i) {
        const std::size_t position = m_firstPositions[batchIndex] + i; // in the whole batch
        std::mt19937_64 rng(
            mix(mix(m_options.seed, std::uint64_t(m_options.epoch)), batchIndex * 100003u + position));
        m_dataset.sample(indices[i], sample, m_options.augment ? &rng : nullptr);
        std::memcpy(batch.inputs.data() + std::size_t(inCount) * i, sample.input.data(),
                    std::size_t(inCount) * sizeof(float));
        if (!sample.classes.empty()) {
            if (batch.classes.empty()) {
                batch.classes.resize(sample.classes.size() * batch.size);
                batch.classShape = { std::int64_t(batch.size) };
                const std::vector<std::int64_t> t = m_dataset.targetShape();
                batch.classShape.insert(batch.classShape.end(), t.begin(), t.end());
            }
            std::copy(sample.classes.begin(), sample.classes.end(),
                      batch.classes.begin() + std::ptrdiff_t(sample.classes.size() * i));
        }
        if (!sample.target.empty()) {
            if (batch.targets.empty()) {
                batch.targets.resize(sample.target.size() * batch.size);
                batch.targetShape = { std::int64_t(batch.size) };
                const std::vector<std::int64_t> t = m_dataset.targetShape();
                batch.targetShape.insert(batch.targetShape.end(), t.begin(), t.end());
            }
            std::copy(sample.target.begin(), sample.target.end(),
                      batch.targets.begin() + std::ptrdiff_t(sample.target.size() * i));
        }
    }
    return batch;
}

void BatchLoader::produce()
{
    try {
        for (std::size_t b = 0; b < m_batches.size(); ++b) {
            {
                std::unique_lock<std::mutex> lock(m_mutex);
                m_space.wait(
                    lock, [this] { return m_stop || int(m_queue.size()) < std::max(1, m_options.prefetch); });
                if (m_stop)
                    return;
            }
            SampleBatch batch = build(b);
            if (m_options.prepare)
                m_options.prepare(batch);
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_queue.push_back(std::move(batch));
            }
            m_ready.notify_one();
        }
    } catch (...) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_error = std::current_exception();
        m_ready.notify_all();
    }
}

bool BatchLoader::next(SampleBatch &batch)
{
    if (m_delivered >= m_batches.size())
        return false;
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(m_mutex);
    m_ready.wait(lock, [this] { return !m_queue.empty() || m_error; });
    m_waited += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (m_queue.empty() && m_error)
        std::rethrow_exception(m_error);
    batch = std::move(m_queue.front());
    m_queue.pop_front();
    ++m_delivered;
    lock.unlock();
    m_space.notify_one();
    return true;
}

} // namespace deepterra
