#include "runtime/torchruntime.h"

#include <QThread>

#include <torch/torch.h>

namespace deepterra {

QString TorchRuntime::libtorchVersion()
{
#ifdef TORCH_VERSION
    return QString::fromLatin1(TORCH_VERSION);
#else
    return QStringLiteral("%1.%2.%3").arg(TORCH_VERSION_MAJOR).arg(TORCH_VERSION_MINOR).arg(TORCH_VERSION_PATCH);
#endif
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
    QStringList devices{QStringLiteral("cpu")};
    for (int i = 0; i < cudaDeviceCount(); ++i)
        devices.append(QStringLiteral("cuda:%1").arg(i));
    return devices;
}

void TorchRuntime::setIntraOpThreads(int threads)
{
    if (threads <= 0)
        threads = QThread::idealThreadCount();
    torch::set_num_threads(threads);
}

int TorchRuntime::intraOpThreads()
{
    return torch::get_num_threads();
}

} // namespace deepterra
