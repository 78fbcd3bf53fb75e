#include "inference/private/networkstreams.h"
#include "inference/private/optimizednetwork.h"
#include "inference/trainedmodel.h"
#include "seededrunfixture.h"

#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

using namespace deepterra;

// Batches of one network evaluated by several streams side by side (whole-raster prediction runs
// its batches through them). The model is a small seeded U-Net.
class TestNetworkStreams : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void resultsEqualOneNetworks();
    void streamsRunSideBySide();
    void eachStreamHasItsThreads();
    void errorsReachTheCaller();
    void destroyingDropsQueuedBatches();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TrainedModel> m_model;
};

void TestNetworkStreams::initTestCase()
{
    QVERIFY(m_dir.isValid());
    UNetSpec unet;
    unet.inputChannels = 3;
    unet.classes = 3;
    unet.depth = 2;
    unet.baseFilters = 4;
    const QString path = test::writeSeededRun(m_dir.filePath(QStringLiteral("run")), ModelSpec(unet),
                                              TaskKind::Segmentation, 16, 3);
    QVERIFY(!path.isEmpty());
    m_model = std::make_unique<TrainedModel>(TrainedModel::loadRun(path));
}

// Every batch's result is its own, whichever stream computed it, and equals one network's.
void TestNetworkStreams::resultsEqualOneNetworks()
{
    torch::manual_seed(3);
    std::vector<torch::Tensor> inputs;
    for (int b = 0; b < 6; ++b)
        inputs.push_back(torch::randn({ 2, 3, 32, 32 }));
    std::vector<torch::Tensor> expected;
    {
        OptimizedNetwork single(*m_model);
        for (const torch::Tensor &x : inputs)
            expected.push_back(single.forward(x).clone());
    }
    NetworkStreams streams(*m_model, 3, 3);
    QCOMPARE(streams.count(), 3);
    std::vector<std::future<NetworkStreams::Result>> results;
    for (const torch::Tensor &x : inputs)
        results.push_back(streams.submit([x](OptimizedNetwork &network) { return network.forward(x); }));
    for (std::size_t b = 0; b < inputs.size(); ++b) {
        const NetworkStreams::Result result = results[b].get();
        QVERIFY2(result.fallbackReason.isEmpty(), qPrintable(result.fallbackReason));
        QCOMPARE(result.output.sizes().vec(), expected[b].sizes().vec());
        QVERIFY(expected[b].abs().max().item<double>() > 1e-3);
        QVERIFY((result.output - expected[b]).abs().max().item<double>() < 1e-6);
    }
}

// Two batches are computed at the same time, on two threads: each waits until the other has started.
void TestNetworkStreams::streamsRunSideBySide()
{
    // Declared before the streams: a failed comparison returns while a batch may still wait on them.
    std::mutex mutex;
    std::condition_variable changed;
    int started = 0;
    std::set<std::thread::id> threads;
    NetworkStreams streams(*m_model, 2, 2);
    auto work = [&](OptimizedNetwork &) {
        std::unique_lock<std::mutex> lock(mutex);
        ++started;
        threads.insert(std::this_thread::get_id());
        changed.notify_all();
        const bool bothStarted
            = changed.wait_for(lock, std::chrono::seconds(20), [&] { return started == 2; });
        return torch::full({ 1 }, bothStarted ? 1.0 : 0.0);
    };
    std::future<NetworkStreams::Result> first = streams.submit(work);
    std::future<NetworkStreams::Result> second = streams.submit(work);
    QCOMPARE(first.get().output.item<double>(), 1.0);
    QCOMPARE(second.get().output.item<double>(), 1.0);
    QCOMPARE(int(threads.size()), 2);
    QVERIFY(threads.count(std::this_thread::get_id()) == 0);
}

// The threads are shared out among the streams, and each stream computes with its share; the caller
// and threads started afterwards keep the caller's count.
void TestNetworkStreams::eachStreamHasItsThreads()
{
    torch::set_num_threads(2);
    auto threadCount
        = [](OptimizedNetwork &) { return torch::full({ 1 }, double(torch::get_num_threads())); };
    {
        NetworkStreams streams(*m_model, 2, 2);
        QCOMPARE(streams.threadsOfStream(0), 1);
        QCOMPARE(streams.threadsOfStream(1), 1);
        QCOMPARE(streams.submit(threadCount).get().output.item<double>(), 1.0);
        QCOMPARE(streams.submit(threadCount).get().output.item<double>(), 1.0);
        QCOMPARE(torch::get_num_threads(), 2);
    }
    int later = 0;
    std::thread([&] { later = torch::get_num_threads(); }).join();
    QCOMPARE(later, 2);

    const NetworkStreams uneven(*m_model, 2, 3);
    QCOMPARE(uneven.threadsOfStream(0), 2);
    QCOMPARE(uneven.threadsOfStream(1), 1);
    const NetworkStreams oversubscribed(*m_model, 3, 2);
    QCOMPARE(oversubscribed.threadsOfStream(2), 1);
    NetworkStreams wide(*m_model, 1, 2);
    QCOMPARE(wide.submit(threadCount).get().output.item<double>(), 2.0);
}

void TestNetworkStreams::errorsReachTheCaller()
{
    NetworkStreams streams(*m_model, 2, 2);
    std::future<NetworkStreams::Result> failing = streams.submit(
        [](OptimizedNetwork &) -> torch::Tensor { throw std::runtime_error("out of memory"); });
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, failing.get());
    // A wrong input shape fails in LibTorch; the stream goes on serving.
    std::future<NetworkStreams::Result> wrongShape = streams.submit([](OptimizedNetwork &network) {
        return network.forward(torch::zeros({ 1, 5, 32, 32 }));
    });
    QVERIFY_THROWS_EXCEPTION(std::exception, wrongShape.get());
    const torch::Tensor x = torch::ones({ 1, 3, 32, 32 });
    const NetworkStreams::Result fine
        = streams.submit([x](OptimizedNetwork &network) { return network.forward(x); }).get();
    QCOMPARE(fine.output.size(1), 3);
}

// A cancelled prediction destroys its streams with batches still queued: the batch being computed
// finishes, the queued ones are dropped (their futures say so) and nothing waits for them.
void TestNetworkStreams::destroyingDropsQueuedBatches()
{
    std::vector<std::future<NetworkStreams::Result>> results;
    {
        NetworkStreams streams(*m_model, 1, 1);
        for (int b = 0; b < 20; ++b)
            results.push_back(streams.submit([](OptimizedNetwork &) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                return torch::ones({ 1 });
            }));
    }
    int computed = 0;
    int dropped = 0;
    for (std::future<NetworkStreams::Result> &result : results) {
        try {
            result.get();
            ++computed;
        } catch (const std::future_error &e) {
            QCOMPARE(e.code(), std::make_error_code(std::future_errc::broken_promise));
            ++dropped;
        }
    }
    QVERIFY(computed <= 2);
    QVERIFY(dropped >= 18);
}

QTEST_GUILESS_MAIN(TestNetworkStreams)
#include "testnetworkstreams.moc"
