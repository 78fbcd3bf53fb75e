#include "common/dataerror.h"
#include "distributed/private/gradientreducer.h"
#include "distributed/processgroup.h"

#include <QtTest>

#include <exception>
#include <functional>
#include <thread>

using namespace deepterra;

// The c10d process group of a data-parallel job, with its ranks as threads of this process (Gloo
// over the loopback interface, an in-memory store for the rendezvous): sums, the lead's text,
// gradients summed in buckets while backward runs, and a rank that does not answer.
class TestProcessGroup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sumsReachEveryRank();
    void theLeadsTextReachesEveryRank();
    void everyRanksBytesReachEveryRank();
    void gradientsAreSummedInBuckets_data();
    void gradientsAreSummedInBuckets();
    void aRankThatDoesNotAnswerStopsTheOthers();
};

namespace {

// Runs `work(rank)` on one thread per rank; rethrows the first failure.
void onEveryRank(int ranks, const std::function<void(int)> &work)
{
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(ranks));
    std::vector<std::thread> threads;
    for (int rank = 0; rank < ranks; ++rank)
        threads.emplace_back([&, rank] {
            try {
                work(rank);
            } catch (...) {
                errors[std::size_t(rank)] = std::current_exception();
            }
        });
    for (std::thread &thread : threads)
        thread.join();
    for (const std::exception_ptr &error : errors)
        if (error)
            std::rethrow_exception(error);
}

} // namespace

void TestProcessGroup::initTestCase()
{
    if (!ProcessGroup::isAvailable())
        QSKIP("built without Gloo (libgloo-dev)");
}

void TestProcessGroup::sumsReachEveryRank()
{
    const auto groups = ProcessGroup::connectInProcess(3);
    QCOMPARE(groups.size(), std::size_t(3));
    std::vector<std::vector<double>> results(3);
    onEveryRank(3, [&](int rank) {
        QCOMPARE(groups[std::size_t(rank)]->rank(), rank);
        QCOMPARE(groups[std::size_t(rank)]->size(), 3);
        std::vector<double> values { double(rank), 1.0, rank == 2 ? 0.25 : 0.0 };
        groups[std::size_t(rank)]->allReduceSum(values);
        results[std::size_t(rank)] = values;
    });
    for (const std::vector<double> &values : results)
        QCOMPARE(values, std::vector<double>({ 3.0, 3.0, 0.25 }));
}

void TestProcessGroup::theLeadsTextReachesEveryRank()
{
    const auto groups = ProcessGroup::connectInProcess(2);
    std::vector<QString> seen(2);
    onEveryRank(2, [&](int rank) {
        seen[std::size_t(rank)] = groups[std::size_t(rank)]->shareFromLead(
            QStringLiteral("folder"),
            rank == 0 ? QStringLiteral("/runs/2026-12-07 à 05h") : QStringLiteral("mine"));
    });
    QCOMPARE(seen[0], QStringLiteral("/runs/2026-12-07 à 05h"));
    QCOMPARE(seen[1], seen[0]);
}

void TestProcessGroup::everyRanksBytesReachEveryRank()
{
    const auto groups = ProcessGroup::connectInProcess(3);
    std::vector<std::vector<QByteArray>> seen(3);
    const auto bytesOf = [](int rank) {
        // Rank 1 sends nothing; bytes of every value, 0 and 255 included, cross unchanged.
        QByteArray bytes;
        for (int i = 0; rank != 1 && i < 300 * (rank + 1); ++i)
            bytes.append(char((i * 7 + rank) % 256));
        return bytes;
    };
    onEveryRank(
        3, [&](int rank) { seen[std::size_t(rank)] = groups[std::size_t(rank)]->allGather(bytesOf(rank)); });
    for (int rank = 0; rank < 3; ++rank) {
        QCOMPARE(seen[std::size_t(rank)].size(), std::size_t(3));
        for (int from = 0; from < 3; ++from)
            QCOMPARE(seen[std::size_t(rank)][std::size_t(from)], bytesOf(from));
    }
}

void TestProcessGroup::gradientsAreSummedInBuckets_data()
{
    QTest::addColumn<int>("bucketBytes");
    QTest::newRow("one bucket") << (25 << 20);
    QTest::newRow("a bucket per layer or less") << 64; // 16 values: every layer its own bucket
}

void TestProcessGroup::gradientsAreSummedInBuckets()
{
    // Each rank: the same three-layer network, its own inputs; after the step every rank holds the
    // sum of all ranks' gradients. A parameter left out of a rank's loss adds zeros.
    QFETCH(int, bucketBytes);
    constexpr int ranks = 3;
    const auto groups = ProcessGroup::connectInProcess(ranks);
    std::vector<std::vector<torch::Tensor>> reduced(ranks);
    std::vector<std::vector<torch::Tensor>> own(ranks);
    const auto build = [] {
        torch::manual_seed(3);
        return torch::nn::Sequential(torch::nn::Linear(4, 8), torch::nn::Tanh(), torch::nn::Linear(8, 8),
                                     torch::nn::Tanh(), torch::nn::Linear(8, 2));
    };
    // Built here, one after the other: the seed is LibTorch's global generator, which threads would share.
    std::vector<torch::nn::Sequential> nets;
    for (int rank = 0; rank < ranks; ++rank)
        nets.push_back(build());
    onEveryRank(ranks, [&](int rank) {
        torch::nn::Sequential net = nets[std::size_t(rank)];
        const torch::Tensor input
            = torch::full({ 5, 4 }, 0.1 * (rank + 1)) + torch::arange(20).view({ 5, 4 }) * 0.01;
        GradientReducer reducer(groups[std::size_t(rank)]->privateData(), net->parameters(), bucketBytes);
        for (int step = 0; step < 2; ++step) { // the buckets are reused
            for (torch::Tensor &p : net->parameters())
                p.mutable_grad() = torch::Tensor();
            reducer.startStep();
            if (rank != 1) // rank 1 has no examples in this batch
                net->forward(input).pow(2).sum().backward();
            reducer.finishStep();
        }
        for (const torch::Tensor &p : net->parameters())
            reduced[std::size_t(rank)].push_back(p.grad().clone());
    });
    // The sum, computed here in one process.
    std::vector<torch::Tensor> expected;
    for (int rank : { 0, 2 }) {
        torch::nn::Sequential net = build();
        const torch::Tensor input
            = torch::full({ 5, 4 }, 0.1 * (rank + 1)) + torch::arange(20).view({ 5, 4 }) * 0.01;
        net->forward(input).pow(2).sum().backward();
        const std::vector<torch::Tensor> grads = net->parameters();
        for (std::size_t i = 0; i < grads.size(); ++i) {
            if (expected.size() <= i)
                expected.push_back(grads[i].grad().clone());
            else
                expected[i] += grads[i].grad();
        }
    }
    for (int rank = 0; rank < ranks; ++rank) {
        QCOMPARE(reduced[std::size_t(rank)].size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            // The sums of the same gradients; each computed on its own thread, whose matrix products
            // may add in another order: float rounding apart, nothing.
            const double difference
                = (reduced[std::size_t(rank)][i] - expected[i]).abs().max().item<double>();
            const double scale = expected[i].abs().max().item<double>();
            QVERIFY2(difference <= 1e-5 * scale,
                     qPrintable(QStringLiteral("rank %1, parameter %2: %3 against values up to %4")
                                    .arg(rank)
                                    .arg(i)
                                    .arg(difference)
                                    .arg(scale)));
        }
    }
}

void TestProcessGroup::aRankThatDoesNotAnswerStopsTheOthers()
{
    const auto groups = ProcessGroup::connectInProcess(2, 2);
    QString message;
    std::vector<double> values { 1.0 };
    try {
        groups[0]->allReduceSum(values); // rank 1 never joins
    } catch (const DataError &e) {
        message = e.message();
    }
    QVERIFY2(message.startsWith(QStringLiteral("rank 0 of 2")), qPrintable(message));
    QVERIFY2(
        message.contains(QStringLiteral("lost another of its processes, or waited for one longer than 2 s")),
        qPrintable(message));
}

QTEST_GUILESS_MAIN(TestProcessGroup)
#include "testprocessgroup.moc"
