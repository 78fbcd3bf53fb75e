#pragma once

#include "training/setupform.h"

class QComboBox;
class QLabel;
class QSpinBox;

namespace deepterra {

class DeviceCombo;
struct TrainingSetup;

// Where the model trains: automatic, the CPU or one of the CUDA GPUs LibTorch sees, or a note why
// only the CPU is available; the CPU threads; the processes that train together; full or mixed precision.
// Edits go straight into the set-up it is given.
class DevicePage : public SetupForm
{
    Q_OBJECT

public:
    explicit DevicePage(TrainingSetup *setup, QWidget *parent = nullptr);

    void load();

    QComboBox *deviceCombo() const;
    QSpinBox *threadsSpin() const { return m_threads; }
    QSpinBox *processesSpin() const { return m_processes; }
    QComboBox *precisionCombo() const { return m_precision; }
    QString cpuOnlyNote() const;

private:
    TrainingSetup *m_setup;
    DeviceCombo *m_device;
    QLabel *m_cpuOnly;
    QSpinBox *m_threads;
    QSpinBox *m_processes;
    QComboBox *m_precision;
};

} // namespace deepterra
