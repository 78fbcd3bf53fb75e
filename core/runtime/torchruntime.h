#pragma once

#include <QString>
#include <QStringList>

namespace deepterra {

// LibTorch settings and facts. Debian's LibTorch starts with one intra-op thread;
// Deepterra defaults to every core and lets the user choose.
class TorchRuntime
{
public:
    static QString libtorchVersion();
    // Whether this LibTorch was built with CUDA (its CUDA library is loaded), GPU or not.
    static bool builtWithCuda();
    // Whether LibTorch can use a GPU now: built with CUDA and a GPU visible.
    static bool cudaAvailable();
    static int cudaDeviceCount();
    // "cpu", "cuda:0"...: what a device setting of "auto" resolves to.
    static QString defaultDevice();
    static QStringList availableDevices();
    // "auto", "cpu", "cuda", "cuda:N" -> the device to use ("cpu", "cuda:0"). Throws DataError
    // when CUDA is asked for but this LibTorch has no CUDA support or no such GPU exists.
    static QString resolveDevice(const QString &requested);

    // The process's count, which every thread starts from: threads <= 0 means all cores. The
    // mains call it once, before the first torch computation.
    static void setIntraOpThreads(int threads);
    // The calling thread's own count, for a job: training, a prediction and its preview run side by
    // side, each with its count, and none changes the others' or the one later threads start from.
    // threads <= 0 means all cores.
    static void setThisThreadsIntraOpThreads(int threads);
    // The calling thread's count.
    static int intraOpThreads();
};

} // namespace deepterra
