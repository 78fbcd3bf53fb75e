#include "runtime/gpuinventory.h"

#include "runtime/private/cudadriverprobe.h"
#include "runtime/torchruntime.h"

#include <QStringList>

namespace deepterra {

QString GpuInfo::description() const
{
    const QString gpuName = name.isEmpty() ? QStringLiteral("GPU %1").arg(index) : name;
    if (totalMemoryBytes <= 0)
        return gpuName;
    return QStringLiteral("%1, %2 GiB")
        .arg(gpuName)
        .arg(double(totalMemoryBytes) / (1024.0 * 1024 * 1024), 0, 'f', 1);
}

const GpuInventory &GpuInventory::detected()
{
    static const GpuInventory inventory = detect();
    return inventory;
}

GpuInventory GpuInventory::detect()
{
    GpuInventory inventory;
    const CudaDriverProbe::Result driver = CudaDriverProbe::probe();
    inventory.m_driverFound = driver.driverFound;
    inventory.m_driverProblem = QString::fromStdString(driver.problem);
    for (const CudaDriverProbe::Device &device : driver.devices) {
        GpuInfo gpu;
        gpu.index = device.index;
        gpu.name = QString::fromStdString(device.name).trimmed();
        gpu.totalMemoryBytes = qint64(device.totalMemoryBytes);
        gpu.computeMajor = device.computeMajor;
        gpu.computeMinor = device.computeMinor;
        inventory.m_visible.push_back(gpu);
    }
    inventory.m_libtorchHasCuda = TorchRuntime::builtWithCuda();
    inventory.m_usable = TorchRuntime::cudaAvailable() ? TorchRuntime::cudaDeviceCount() : 0;
    return inventory;
}

const GpuInfo *GpuInventory::gpu(int index) const
{
    for (const GpuInfo &gpu : m_visible)
        if (gpu.index == index)
            return &gpu;
    return nullptr;
}

QString GpuInventory::cpuOnlyReason() const
{
    if (m_usable > 0)
        return {};
    QStringList seen;
    for (const GpuInfo &gpu : m_visible)
        seen << gpu.description();
    const QString version = TorchRuntime::libtorchVersion();
    if (!m_libtorchHasCuda) {
        if (!seen.isEmpty())
            return QStringLiteral(
                       "CPU only: this LibTorch %1 build has no CUDA support, so it cannot use the "
                       "GPU the driver sees (%2). Build Deepterra against a CUDA LibTorch to "
                       "train on it (README, GPU build).")
                .arg(version, seen.join(QStringLiteral("; ")));
        return QStringLiteral("CPU only: this LibTorch %1 build has no CUDA support, and no NVIDIA GPU is "
                              "visible on this machine.")
            .arg(version);
    }
    if (!m_driverFound)
        return QStringLiteral("CPU only: this LibTorch %1 build has CUDA, but no NVIDIA driver is installed "
                              "(libcuda.so.1 was not found), so no GPU is visible.")
            .arg(version);
    if (!m_driverProblem.isEmpty())
        return QStringLiteral("CPU only: no GPU is visible: the NVIDIA driver reports \"%1\".")
            .arg(m_driverProblem);
    if (seen.isEmpty())
        return QStringLiteral("CPU only: the NVIDIA driver sees no GPU (check CUDA_VISIBLE_DEVICES).");
    return QStringLiteral("CPU only: LibTorch %1 cannot use the GPU the driver sees (%2); its CUDA version "
                          "may be newer than the driver supports.")
        .arg(version, seen.join(QStringLiteral("; ")));
}

} // namespace deepterra
