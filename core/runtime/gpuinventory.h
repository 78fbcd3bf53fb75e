#pragma once

#include <QString>

#include <vector>

namespace deepterra {

struct GpuInfo
{
    int index = 0; // the CUDA ordinal: "cuda:<index>"
    QString name;
    qint64 totalMemoryBytes = 0;
    int computeMajor = 0;
    int computeMinor = 0;

    // "NVIDIA H200, 139.8 GiB"
    QString description() const;
};

// The GPUs this machine has and whether this LibTorch can train on them. The NVIDIA driver is asked
// directly, so a CPU-only LibTorch (Debian's) still names the GPUs it cannot use, and "CPU only"
// comes with its reason: no CUDA in this LibTorch, or no GPU visible.
class GpuInventory
{
public:
    // Detected once per process and cached: starting the CUDA driver can take a second, so the app
    // warms this in the background at start-up. Thread-safe.
    static const GpuInventory &detected();

    // Detects afresh; for tests and for detected().
    static GpuInventory detect();

    const std::vector<GpuInfo> &visibleGpus() const { return m_visible; }
    bool libtorchHasCuda() const { return m_libtorchHasCuda; }
    // GPUs LibTorch can train on (cuda:0 ... cuda:N-1).
    int usableGpuCount() const { return m_usable; }
    // The visible GPU with this CUDA ordinal, or nullptr.
    const GpuInfo *gpu(int index) const;
    // Empty when a GPU is usable; otherwise why training runs on the CPU only, in the user's words.
    QString cpuOnlyReason() const;

private:
    std::vector<GpuInfo> m_visible;
    bool m_driverFound = false;
    QString m_driverProblem;
    bool m_libtorchHasCuda = false;
    int m_usable = 0;
};

} // namespace deepterra
