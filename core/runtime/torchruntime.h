#pragma once

#include <QString>
#include <QStringList>

namespace deepterra {

// Process-wide LibTorch settings and facts. Debian's LibTorch starts with one intra-op thread;
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

    // threads <= 0 means all cores. Call before the first torch computation.
    static void setIntraOpThreads(int threads);
    static int intraOpThreads();
};

} // namespace deepterra
