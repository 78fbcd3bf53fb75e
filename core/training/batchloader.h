#pragma once

#include "training/samplebatch.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace deepterra {

class SampleDataset;

struct BatchLoaderOptions
{
    int batchSize = 16;
    bool shuffle = true;
    bool augment = false;
    bool balanced = false; // draw examples by the dataset's sampling weights (with replacement)
    bool dropLast = false;
    std::uint64_t seed = 0;
    int epoch = 0;
    int prefetch = 4; // batches prepared ahead of the trainer
    // Data-parallel training: this process's share of each batch, the `shardRank`-th of
    // `shardCount` even slices of it (possibly empty when a batch is smaller than the count). The
    // batches, their order and each example's augmentation are the single process's, so that the
    // slices of all ranks together are its batch.
    int shardRank = 0;
    int shardCount = 1;
    // Called on the loader's thread for each batch before it is queued, so that the trainer does
    // not wait for it: training on a GPU stages the batch in page-locked memory there.
    std::function<void(SampleBatch &)> prepare;
};

// Prepares one epoch of batches on its own thread so that the trainer's compute never waits for
// I/O and augmentation. The order and the augmentation of each example depend only on (seed,
// epoch, position): a resumed run and an uninterrupted one see the same batches.
class BatchLoader
{
public:
    BatchLoader(const SampleDataset &dataset, const BatchLoaderOptions &options);
    ~BatchLoader();
    BatchLoader(const BatchLoader &) = delete;
    BatchLoader &operator=(const BatchLoader &) = delete;

    std::size_t batchCount() const { return m_batches.size(); }
    // The number of batches an epoch of `examples` has under `options`, without loading any.
    static std::size_t batchCount(std::size_t examples, const BatchLoaderOptions &options);
    // Blocks until the next batch is ready; false after the last one.
    bool next(SampleBatch &batch);
    // Seconds next() spent waiting for the loader thread: the data-wait share of an epoch.
    double waitedSeconds() const { return m_waited; }

    // The epoch's example order, exposed for tests: a seeded shuffle or weighted draw.
    static std::vector<std::size_t> epochOrder(const SampleDataset &dataset,
                                               const BatchLoaderOptions &options);

private:
    void produce();
    SampleBatch build(std::size_t batchIndex) const;

    const SampleDataset &m_dataset;
    BatchLoaderOptions m_options;
    std::vector<std::vector<std::size_t>> m_batches;
    std::vector<std::size_t> m_firstPositions; // of each batch's slice within the whole batch

    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_space;
    std::deque<SampleBatch> m_queue;
    std::size_t m_delivered = 0;
    bool m_stop = false;
    std::exception_ptr m_error;
    double m_waited = 0.0;
    std::thread m_thread;
};

} // namespace deepterra
