#pragma once

#include <QComboBox>

namespace deepterra {

// Where LibTorch computes: automatic (a GPU when there is one), the CPU, or one of the CUDA GPUs
// this machine has, by name and memory. The training set-up and the prediction dialog offer it.
class DeviceCombo : public QComboBox
{
    Q_OBJECT

public:
    explicit DeviceCombo(QWidget *parent = nullptr);

    // "auto", "cpu", "cuda:N". A device this machine lacks ("cuda", "cuda:7" from a project made
    // elsewhere) is shown as written, for the set-up check to explain.
    void setDevice(const QString &device);
    QString device() const { return currentData().toString(); }
    // Lists the devices again (GpuInventory), keeping the chosen one if it is still listed.
    void reload();
};

} // namespace deepterra
