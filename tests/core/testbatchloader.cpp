#include "training/batchloader.h"
#include "training/sampledataset.h"

#include <QtTest>

#include <set>
#include <stdexcept>

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

QTEST_GUILESS_MAIN(TestBatchLoader)
#include "testbatchloader.moc"
