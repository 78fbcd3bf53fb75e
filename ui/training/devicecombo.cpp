#include "training/devicecombo.h"

#include "runtime/gpuinventory.h"

#include <algorithm>

namespace deepterra {

DeviceCombo::DeviceCombo(QWidget *parent)
    : QComboBox(parent)
{
    reload();
}

void DeviceCombo::reload()
{
    const QString chosen = count() > 0 ? device() : QStringLiteral("auto");
    const QSignalBlocker quiet(this);
    clear();
    addItem(tr("Automatic (a GPU when there is one)"), QStringLiteral("auto"));
    addItem(tr("CPU"), QStringLiteral("cpu"));
    const GpuInventory &gpus = GpuInventory::detected();
    for (int index = 0; index < gpus.usableGpuCount(); ++index) {
        const QString name = QStringLiteral("cuda:%1").arg(index);
        const GpuInfo *gpu = gpus.gpu(index);
        const QString description = gpu ? gpu->description() : tr("GPU %1").arg(index);
        addItem(tr("GPU %1: %2 (%3)").arg(index).arg(description, name), name);
    }
    // A device this machine lacks, shown as written before, is not listed again.
    setCurrentIndex(std::max(0, findData(chosen)));
}

void DeviceCombo::setDevice(const QString &device)
{
    int index = findData(device);
    if (index < 0) {
        addItem(device, device);
        index = count() - 1;
    }
    setCurrentIndex(index);
}

} // namespace deepterra
