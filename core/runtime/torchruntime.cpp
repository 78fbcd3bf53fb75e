#include "runtime/torchruntime.h"

#include "common/dataerror.h"

#include <QThread>

#include <dlfcn.h>

#include <ATen/Config.h>
#include <torch/torch.h>

namespace deepterra {

QString TorchRuntime::libtorchVersion()
{
#ifdef TORCH_VERSION
    return QString::fromLatin1(TORCH_VERSION);
#else
    return QStringLiteral("%1.%2.%3")
        .arg(TORCH_VERSION_MAJOR)
        .arg(TORCH_VERSION_MINOR)
        .arg(TORCH_VERSION_PATCH);
#endif
}

bool TorchRuntime::builtWithCuda()
{
    // A CUDA LibTorch links libtorch_cuda (and libc10_cuda) into every program using it; a CPU-only
    // one has neither. RTLD_NOLOAD only asks whether they are loaded.
    for (const char *library : { "libtorch_cuda.so", "libc10_cuda.so" })
        if (void *handle = dlopen(library, RTLD_LAZY | RTLD_NOLOAD)) {
            dlclose(handle);
            return true;
        }
    return false;
}

bool TorchRuntime::cudaAvailable()
{
    return torch::cuda::is_available();
}

int TorchRuntime::cudaDeviceCount()
{
    return static_cast<int>(torch::cuda::device_count());
}

QString TorchRuntime::defaultDevice()
{
    return cudaAvailable() ? QStringLiteral("cuda:0") : QStringLiteral("cpu");
}

QStringList TorchRuntime::availableDevices()
{
    QStringList devices { QStringLiteral("cpu") };
    for (int i = 0; i < cudaDeviceCount(); ++i)
        devices.append(QStringLiteral("cuda:%1").arg(i));
    return devices;
}

QString TorchRuntime::resolveDevice(const QString &requested)
{
    const QString r = requested.trimmed().toLower();
    if (r.isEmpty() || r == QLatin1String("auto"))
        return defaultDevice();
    if (r == QLatin1String("cpu"))
        return r;
    if (r == QLatin1String("cuda") || r.startsWith(QLatin1String("cuda:"))) {
        bool ok = true;
        const int index = r == QLatin1String("cuda") ? 0 : r.mid(5).toInt(&ok);
        if (!ok || index < 0)
            throw DataError(
                QString(),
                QStringLiteral("unknown device \"%1\" (use auto, cpu, cuda or cuda:N)").arg(requested));
        if (!cudaAvailable())
            throw DataError(QString(),
                            QStringLiteral("device \"%1\" was requested, but no CUDA GPU is usable: this "
                                           "LibTorch %2 build has no CUDA support or sees no GPU. Use "
                                           "--device cpu, or build Deepterra against a CUDA LibTorch "
                                           "(README, GPU build).")
                                .arg(requested, libtorchVersion()));
        if (index >= cudaDeviceCount())
            throw DataError(QString(),
                            QStringLiteral("device \"%1\" was requested, but only %2 CUDA GPU(s) exist")
                                .arg(requested)
                                .arg(cudaDeviceCount()));
        return QStringLiteral("cuda:%1").arg(index);
    }
    throw DataError(QString(),
                    QStringLiteral("unknown device \"%1\" (use auto, cpu, cuda or cuda:N)").arg(requested));
}

void TorchRuntime::setIntraOpThreads(int threads)
{
    if (threads <= 0)
        threads = QThread::idealThreadCount();
    torch::set_num_threads(threads);
}

void TorchRuntime::setThisThreadsIntraOpThreads(int threads)
{
    if (threads <= 0)
        threads = QThread::idealThreadCount();
#if AT_PARALLEL_OPENMP
    // torch::set_num_threads also sets the count every thread begins with on its first parallel
    // work, so a job calling it would change the jobs started after it. OpenMP, this LibTorch's
    // CPU backend, keeps a count per thread: this thread's alone is set through it (and MKL's
    // per-thread count, where LibTorch uses MKL). Both libraries are loaded with LibTorch; they
    // are looked up rather than linked.
    using SetThreads = void (*)(int);
    static const auto ompSetNumThreads
        = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
    using SetLocalThreads = int (*)(int);
    static const auto mklSetNumThreadsLocal
        = reinterpret_cast<SetLocalThreads>(dlsym(RTLD_DEFAULT, "mkl_set_num_threads_local"));
    if (ompSetNumThreads) {
        // LibTorch gives a thread the process's count on its first parallel work: that comes
        // first, so that it cannot undo this one later.
        torch::get_num_threads();
        ompSetNumThreads(threads);
        if (mklSetNumThreadsLocal)
            mklSetNumThreadsLocal(threads);
        return;
    }
#endif
    // A LibTorch with its own thread pool has one count for the process.
    torch::set_num_threads(threads);
}

int TorchRuntime::intraOpThreads()
{
    return torch::get_num_threads();
}

} // namespace deepterra
