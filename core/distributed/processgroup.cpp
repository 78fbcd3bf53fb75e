#include "distributed/processgroup.h"

#include "common/dataerror.h"
#include "distributed/private/processgroupprivate.h"
#include "distributed/processlost.h"

#ifdef DEEPTERRA_HAS_GLOO
#include <torch/csrc/distributed/c10d/HashStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

#include <QByteArray>

#include <chrono>
#include <exception>
#include <string>
#include <thread>

namespace deepterra {

namespace {

#ifdef DEEPTERRA_HAS_GLOO
// LibTorch 2.x's TCPStore serves through libuv by default, which Debian's build may lack; the
// classic server is in every version.
template<class Options>
auto useClassicServer(Options &options, int) -> decltype(options.useLibUV = false, void())
{
    options.useLibUV = false;
}
template<class Options> void useClassicServer(Options &, long)
{ }

std::shared_ptr<::gloo::transport::Device> glooDevice(const QString &masterAddress)
{
    const QByteArray interface = qgetenv("GLOO_SOCKET_IFNAME");
    if (!interface.isEmpty())
        return c10d::ProcessGroupGloo::createDeviceForInterface(interface.toStdString());
    // A job on one machine talks over the loopback interface, whatever the machine's name resolves to.
    if (masterAddress.startsWith(QLatin1String("127.")) || masterAddress == QLatin1String("localhost"))
        return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

c10::intrusive_ptr<c10d::ProcessGroupGloo> makeGroup(const c10::intrusive_ptr<c10d::Store> &store, int rank,
                                                     int size, std::chrono::milliseconds timeout,
                                                     const QString &masterAddress)
{
    auto options = c10d::ProcessGroupGloo::Options::create(timeout);
    options->devices.push_back(glooDevice(masterAddress));
    return c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, size, options);
}
#endif

} // namespace

ProcessGroup::ProcessGroup(std::unique_ptr<Private> d)
    : d(std::move(d))
{ }

ProcessGroup::~ProcessGroup() = default;

bool ProcessGroup::isAvailable()
{
#ifdef DEEPTERRA_HAS_GLOO
    return true;
#else
    return false;
#endif
}

int ProcessGroup::rank() const
{
    return d->rank;
}

int ProcessGroup::size() const
{
    return d->size;
}

std::shared_ptr<ProcessGroup> ProcessGroup::connect(const DistributedSettings &settings,
                                                    const std::function<void()> &whileWaiting)
{
    const QString address = QStringLiteral("%1:%2").arg(settings.masterAddress).arg(settings.masterPort);
#ifdef DEEPTERRA_HAS_GLOO
    auto d = std::make_unique<Private>();
    d->rank = settings.rank;
    d->size = settings.worldSize;
    d->timeout = std::chrono::seconds(settings.timeoutSeconds);
    std::exception_ptr givenUp;
    try {
        c10d::TCPStoreOptions options;
        options.port = std::uint16_t(settings.masterPort);
        options.isServer = settings.rank == 0;
        options.numWorkers = std::size_t(settings.worldSize);
        // A lead that watches its ranks while they join polls for them instead of blocking.
        const bool watching = settings.rank == 0 && whileWaiting;
        options.waitWorkers = !watching;
        options.timeout = d->timeout;
        useClassicServer(options, 0);
        d->store = c10::make_intrusive<c10d::TCPStore>(settings.masterAddress.toStdString(), options);
        const auto joinedKey = [](int rank) { return "deepterra/joined/" + std::to_string(rank); };
        if (settings.rank > 0)
            d->store->set(joinedKey(settings.rank), std::vector<std::uint8_t> { 1 });
        if (watching) {
            std::vector<std::string> keys;
            for (int rank = 1; rank < settings.worldSize; ++rank)
                keys.push_back(joinedKey(rank));
            const auto deadline = std::chrono::steady_clock::now() + d->timeout;
            while (!d->store->check(keys)) {
                // What whileWaiting throws is its verdict, not a failure to meet: it leaves as is.
                try {
                    whileWaiting();
                } catch (...) {
                    givenUp = std::current_exception();
                    break;
                }
                if (std::chrono::steady_clock::now() > deadline)
                    throw std::runtime_error("the other ranks did not join");
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
        if (!givenUp)
            d->gloo = makeGroup(d->store, d->rank, d->size, d->timeout, settings.masterAddress);
    } catch (const std::exception &e) {
        throw DataError(address,
                        QStringLiteral("rank %1 of %2 could not meet the other processes of the training job "
                                       "within %3 s: %4")
                            .arg(settings.rank)
                            .arg(settings.worldSize)
                            .arg(settings.timeoutSeconds)
                            .arg(QString::fromStdString(e.what()).section(QLatin1Char('\n'), 0, 0)));
    }
    if (givenUp)
        std::rethrow_exception(givenUp);
    return std::shared_ptr<ProcessGroup>(new ProcessGroup(std::move(d)));
#else
    throw DataError(address,
                    QStringLiteral("this build of Deepterra cannot train over several processes: it "
                                   "was built without Gloo (libgloo-dev)"));
#endif
}

std::vector<std::shared_ptr<ProcessGroup>> ProcessGroup::connectInProcess(int worldSize, int timeoutSeconds)
{
#ifdef DEEPTERRA_HAS_GLOO
    const c10::intrusive_ptr<c10d::Store> store = c10::make_intrusive<c10d::HashStore>();
    const auto ranks = static_cast<std::size_t>(std::max(1, worldSize));
    std::vector<std::unique_ptr<Private>> privates(ranks);
    std::vector<std::exception_ptr> errors(ranks);
    std::vector<std::thread> threads;
    // Each rank's group waits for the others while it is made: all at once.
    for (int rank = 0; rank < worldSize; ++rank)
        threads.emplace_back([&, rank] {
            try {
                auto d = std::make_unique<Private>();
                d->rank = rank;
                d->size = worldSize;
                d->timeout = std::chrono::seconds(timeoutSeconds);
                d->store = store;
                d->gloo = makeGroup(store, rank, worldSize, d->timeout, QStringLiteral("127.0.0.1"));
                privates[std::size_t(rank)] = std::move(d);
            } catch (...) {
                errors[std::size_t(rank)] = std::current_exception();
            }
        });
    for (std::thread &thread : threads)
        thread.join();
    for (const std::exception_ptr &error : errors)
        if (error)
            std::rethrow_exception(error);
    std::vector<std::shared_ptr<ProcessGroup>> groups;
    for (auto &d : privates)
        groups.push_back(std::shared_ptr<ProcessGroup>(new ProcessGroup(std::move(d))));
    return groups;
#else
    Q_UNUSED(timeoutSeconds);
    throw DataError(QStringLiteral("%1 ranks").arg(worldSize),
                    QStringLiteral("this build of Deepterra was built without Gloo (libgloo-dev)"));
#endif
}

void ProcessGroup::allReduceSum(std::vector<double> &values)
{
    if (d->size == 1 || values.empty())
        return;
#ifdef DEEPTERRA_HAS_GLOO
    std::vector<at::Tensor> tensors {
        torch::from_blob(values.data(), { std::int64_t(values.size()) }, torch::kFloat64).clone()
    };
    d->wait(d->allReduce(tensors));
    std::copy(tensors[0].data_ptr<double>(), tensors[0].data_ptr<double>() + values.size(), values.begin());
#endif
}

std::vector<QByteArray> ProcessGroup::allGather(const QByteArray &bytes)
{
    if (d->size == 1)
        return { bytes };
    std::vector<QByteArray> gathered(std::size_t(d->size));
#ifdef DEEPTERRA_HAS_GLOO
    std::vector<double> sizes(std::size_t(d->size), 0.0);
    sizes[std::size_t(d->rank)] = double(bytes.size());
    allReduceSum(sizes);
    std::vector<std::int64_t> offsets(sizes.size() + 1, 0);
    for (std::size_t r = 0; r < sizes.size(); ++r)
        offsets[r + 1] = offsets[r] + std::int64_t(sizes[r]);
    // Each rank writes its bytes at its offset into zeros: the sum is every rank's bytes side by side.
    std::vector<at::Tensor> tensors { torch::zeros({ std::max<std::int64_t>(1, offsets.back()) },
                                                   torch::kUInt8) };
    const auto base = reinterpret_cast<char *>(tensors[0].data_ptr<std::uint8_t>());
    std::copy(bytes.cbegin(), bytes.cend(), base + offsets[std::size_t(d->rank)]);
    d->wait(d->allReduce(tensors));
    for (std::size_t r = 0; r < gathered.size(); ++r)
        gathered[r] = QByteArray(base + offsets[r], qsizetype(offsets[r + 1] - offsets[r]));
#endif
    return gathered;
}

QString ProcessGroup::shareFromLead(const QString &key, const QString &text)
{
    if (d->size == 1)
        return text;
#ifdef DEEPTERRA_HAS_GLOO
    const std::string name = "deepterra/" + key.toStdString();
    try {
        if (d->rank == 0) {
            const QByteArray bytes = text.toUtf8();
            d->store->set(name, std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
            return text;
        }
        d->store->wait({ name }, d->timeout);
        const std::vector<std::uint8_t> bytes = d->store->get(name);
        return QString::fromUtf8(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
    } catch (const std::exception &e) {
        d->lost(e.what());
    }
#else
    return text;
#endif
}

#ifdef DEEPTERRA_HAS_GLOO
CollectiveWork ProcessGroup::Private::allReduce(std::vector<at::Tensor> &tensors)
{
    try {
        return gloo->allreduce(tensors);
    } catch (const std::exception &e) {
        lost(e.what());
    }
}

void ProcessGroup::Private::wait(const CollectiveWork &work) const
{
    try {
        work->wait(timeout);
    } catch (const std::exception &e) {
        lost(e.what());
    }
}
#endif

void ProcessGroup::Private::broadcastFromLead(std::vector<at::Tensor> &tensors)
{
#ifdef DEEPTERRA_HAS_GLOO
    for (at::Tensor &tensor : tensors) {
        std::vector<at::Tensor> one { tensor };
        try {
            auto work = gloo->broadcast(one);
            wait(work);
        } catch (const ProcessLost &) {
            throw;
        } catch (const std::exception &e) {
            lost(e.what());
        }
    }
#else
    Q_UNUSED(tensors);
#endif
}

void ProcessGroup::Private::lost(const std::string &what) const
{
    // Gloo's reasons run over several lines with source locations: the first says what happened.
    const QString reason = QString::fromStdString(what).section(QLatin1Char('\n'), 0, 0).trimmed();
    throw ProcessLost(
        QStringLiteral("rank %1 of %2").arg(rank).arg(size),
        QStringLiteral("the training job lost another of its processes, or waited for one longer "
                       "than %1 s (%2); every process stops. Resume the run with --resume once all "
                       "can run again")
            .arg(timeout.count() / 1000)
            .arg(reason));
}

} // namespace deepterra
