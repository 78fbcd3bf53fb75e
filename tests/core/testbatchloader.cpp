#include "training/batchloader.h"
#include "training/sampledataset.h"

#include <QtTest>

#include <atomic>
#include <memory>
#include <set>
#include <stdexcept>
#include <thread>

using namespace deepterra;

namespace {

// Example i is the vector (i, i+0.5); its class is i % 3. Sampling weights favour class 2.
class Counting : public SampleDataset
{
public:
    explicit Counting(std::size_t n, bool failAt7 = false)
        : m_n(n)
        , m_fail(failAt7)
    { }
    std::size_t size() const override { return m_n; }
    std::vector<std::int64_t> inputShape() const override { return { 2 }; }
    std::vector<std::int64_t> targetShape() const override { return {}; }
    void sample(std::size_t index, Sample &out, std::mt19937_64 *augment) const override
    {
        if (m_fail && index == 7)
            throw std::runtime_error("broken example 7");
        out.input = { float(index), float(index) + 0.5f };
        if (augment)
            out.input[1] += float((*augment)() % 1000) / 1000.0f;
        out.classes = { std::int64_t(index % 3) };
    }
    std::vector<double> samplingWeights() const override
    {
        std::vector<double> w(m_n);
        for (std::size_t i = 0; i < m_n; ++i)
            w[i] = i % 3 == 2 ? 8.0 : 1.0;
        return w;
    }

private:
    std::size_t m_n;
    bool m_fail;
};

std::vector<float> drain(BatchLoader &loader, std::vector<std::size_t> *sizes = nullptr)
{
    std::vector<float> all;
    SampleBatch batch;
    while (loader.next(batch)) {
        all.insert(all.end(), batch.inputs.begin(), batch.inputs.end());
        if (sizes)
            sizes->push_back(batch.size);
    }
    return all;
}

} // namespace

class TestBatchLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyExampleOncePerEpochInBatches();
    void orderDependsOnlyOnSeedAndEpoch();
    void augmentationIsReproducible();
    void dropLastDropsAShortTail();
    void balancedDrawFavoursHeavyExamples();
    void exampleErrorsReachTheTrainer();
    void shardsTogetherAreTheWholeBatches_data();
    void shardsTogetherAreTheWholeBatches();
    void batchesArePreparedOnTheLoadersThread();
};

void TestBatchLoader::everyExampleOncePerEpochInBatches()
{
    Counting data(23);
    BatchLoaderOptions options;
    options.batchSize = 5;
    options.seed = 3;
    BatchLoader loader(data, options);
    QCOMPARE(loader.batchCount(), std::size_t(5));
    std::vector<std::size_t> sizes;
    const std::vector<float> all = drain(loader, &sizes);
    QCOMPARE(sizes, (std::vector<std::size_t> { 5, 5, 5, 5, 3 }));
    std::set<int> seen;
    for (std::size_t i = 0; i < all.size(); i += 2) {
        seen.insert(int(all[i]));
        QCOMPARE(all[i + 1], all[i] + 0.5f); // no augmentation unless asked for
    }
    QCOMPARE(int(seen.size()), 23);
    QVERIFY(loader.waitedSeconds() >= 0.0);
}

void TestBatchLoader::orderDependsOnlyOnSeedAndEpoch()
{
    Counting data(40);
    BatchLoaderOptions options;
    options.seed = 5;
    options.epoch = 2;
    const auto a = BatchLoader::epochOrder(data, options);
    QCOMPARE(BatchLoader::epochOrder(data, options), a);
    options.epoch = 3;
    QVERIFY(BatchLoader::epochOrder(data, options) != a);
    options.epoch = 2;
    options.seed = 6;
    QVERIFY(BatchLoader::epochOrder(data, options) != a);
    options.shuffle = false;
    const auto plain = BatchLoader::epochOrder(data, options);
    QCOMPARE(plain.front(), std::size_t(0));
    QCOMPARE(plain.back(), std::size_t(39));
}

void TestBatchLoader::augmentationIsReproducible()
{
    Counting data(16);
    BatchLoaderOptions options;
    options.batchSize = 4;
    options.augment = true;
    options.seed = 9;
    BatchLoader first(data, options);
    BatchLoader second(data, options);
    const std::vector<float> a = drain(first);
    QCOMPARE(drain(second), a);
    bool changed = false;
    for (std::size_t i = 0; i < a.size(); i += 2)
        changed = changed || a[i + 1] != a[i] + 0.5f;
    QVERIFY(changed);
}

void TestBatchLoader::dropLastDropsAShortTail()
{
    Counting data(11);
    BatchLoaderOptions options;
    options.batchSize = 5;
    options.dropLast = true;
    BatchLoader loader(data, options);
    QCOMPARE(loader.batchCount(), std::size_t(2));
    QCOMPARE(BatchLoader::batchCount(11, options), std::size_t(2));
    options.dropLast = false;
    QCOMPARE(BatchLoader::batchCount(11, options), std::size_t(3));
}

void TestBatchLoader::balancedDrawFavoursHeavyExamples()
{
    Counting data(300);
    BatchLoaderOptions options;
    options.balanced = true;
    options.seed = 1;
    const auto order = BatchLoader::epochOrder(data, options);
    QCOMPARE(order.size(), std::size_t(300));
    int heavy = 0;
    for (std::size_t i : order)
        heavy += i % 3 == 2;
    // Expected share of class 2: 8 / (1 + 1 + 8) = 0.8 of the draws.
    QVERIFY2(heavy > 210 && heavy < 270, qPrintable(QString::number(heavy)));
}

void TestBatchLoader::exampleErrorsReachTheTrainer()
{
    Counting data(10, true);
    BatchLoaderOptions options;
    options.shuffle = false;
    options.batchSize = 4;
    BatchLoader loader(data, options);
    SampleBatch batch;
    QVERIFY(loader.next(batch));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, loader.next(batch));
}

void TestBatchLoader::shardsTogetherAreTheWholeBatches_data()
{
    QTest::addColumn<int>("examples");
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<int>("shards");
    QTest::addColumn<bool>("balanced");
    QTest::newRow("2 shards, even") << 48 << 8 << 2 << false;
    QTest::newRow("3 shards, uneven batches and tail") << 50 << 7 << 3 << false;
    QTest::newRow("more shards than the tail") << 17 << 8 << 4 << false;
    QTest::newRow("class-balanced draws") << 30 << 6 << 2 << true;
}

void TestBatchLoader::shardsTogetherAreTheWholeBatches()
{
    // Data-parallel training: the ranks' slices of each batch, side by side, are the one process's
    // batch, augmentation included; so every example of the epoch is seen exactly once by one rank.
    QFETCH(int, examples);
    QFETCH(int, batchSize);
    QFETCH(int, shards);
    QFETCH(bool, balanced);
    Counting data(static_cast<std::size_t>(examples));
    BatchLoaderOptions options;
    options.batchSize = batchSize;
    options.augment = true;
    options.balanced = balanced;
    options.seed = 5;
    options.epoch = 3;
    BatchLoader whole(data, options);
    std::vector<std::unique_ptr<BatchLoader>> ranks;
    for (int r = 0; r < shards; ++r) {
        BatchLoaderOptions shard = options;
        shard.shardRank = r;
        shard.shardCount = shards;
        ranks.push_back(std::make_unique<BatchLoader>(data, shard));
        QCOMPARE(ranks.back()->batchCount(), whole.batchCount());
    }
    std::multiset<std::size_t> seen;
    SampleBatch expected;
    while (whole.next(expected)) {
        std::vector<std::size_t> indices;
        std::vector<float> inputs;
        for (auto &rank : ranks) {
            SampleBatch part;
            QVERIFY(rank->next(part));
            QVERIFY(part.size <= (expected.size + std::size_t(shards) - 1) / std::size_t(shards));
            indices.insert(indices.end(), part.indices.begin(), part.indices.end());
            inputs.insert(inputs.end(), part.inputs.begin(), part.inputs.end());
        }
        QCOMPARE(indices, expected.indices);
        QCOMPARE(inputs, expected.inputs);
        seen.insert(indices.begin(), indices.end());
    }
    for (auto &rank : ranks) {
        SampleBatch none;
        QVERIFY(!rank->next(none));
    }
    if (!balanced) {
        QCOMPARE(int(seen.size()), examples);
        QCOMPARE(int(std::set<std::size_t>(seen.begin(), seen.end()).size()), examples);
    }
}

void TestBatchLoader::batchesArePreparedOnTheLoadersThread()
{
    // Training on a GPU stages each batch in page-locked memory there, not on the trainer's thread.
    Counting data(11);
    BatchLoaderOptions options;
    options.batchSize = 4;
    std::atomic<int> prepared { 0 };
    std::atomic<bool> onTrainersThread { false };
    const std::thread::id trainer = std::this_thread::get_id();
    options.prepare = [&](SampleBatch &batch) {
        onTrainersThread = onTrainersThread || std::this_thread::get_id() == trainer;
        batch.staged = std::make_shared<const std::size_t>(batch.size);
        ++prepared;
    };
    BatchLoader loader(data, options);
    SampleBatch batch;
    std::vector<std::size_t> staged;
    while (loader.next(batch)) {
        QVERIFY(batch.staged);
        staged.push_back(*std::static_pointer_cast<const std::size_t>(batch.staged));
    }
    QCOMPARE(staged, (std::vector<std::size_t> { 4, 4, 3 }));
    QCOMPARE(prepared.load(), 3);
    QVERIFY(!onTrainersThread);
}

QTEST_GUILESS_MAIN(TestBatchLoader)
#include "testbatchloader.moc"
