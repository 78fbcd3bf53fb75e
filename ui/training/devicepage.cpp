#include "training/devicepage.h"

#include "runtime/gpuinventory.h"
#include "training/devicecombo.h"
#include "training/trainingsetup.h"

#include <QComboBox>
#include <QLabel>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

namespace deepterra {

DevicePage::DevicePage(TrainingSetup *setup, QWidget *parent)
    : SetupForm(parent)
    , m_setup(setup)
    , m_device(new DeviceCombo)
    , m_cpuOnly(new QLabel)
    , m_threads(new QSpinBox)
    , m_processes(new QSpinBox)
    , m_precision(new QComboBox)
{
    m_cpuOnly->setObjectName(QStringLiteral("cpuOnlyNote"));
    m_cpuOnly->setWordWrap(true);
    const int cores = QThread::idealThreadCount();
    m_threads->setRange(0, 4096);
    m_threads->setSpecialValueText(tr("All cores (%1)").arg(cores));
    m_processes->setObjectName(QStringLiteral("processesSpin"));
    m_processes->setRange(1, 256);
    m_processes->setSpecialValueText(tr("One"));

    auto *device = new QWidget;
    auto *layout = new QVBoxLayout(device);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_device);
    layout->addWidget(m_cpuOnly);

    addHeading(tr("Device"));
    addField(QStringLiteral("training.device"), tr("Train on"), device);
    addField(QStringLiteral("training.threads"), tr("CPU threads"), m_threads);
    addField(QStringLiteral("training.processes"), tr("Processes"), m_processes);
    // In PrecisionKind's order, as its names: the index is the kind.
    const QStringList precisions = TrainingConfig::precisionNames();
    m_precision->addItem(tr("Full (float32)"), precisions.at(int(PrecisionKind::Float32)));
    m_precision->addItem(tr("Mixed bfloat16 (CPU or GPU)"), precisions.at(int(PrecisionKind::BFloat16)));
    m_precision->addItem(tr("Mixed float16 (CUDA GPU)"), precisions.at(int(PrecisionKind::Float16)));
    addField(QStringLiteral("training.precision"), tr("Precision"), m_precision);

    connect(m_device, qOverload<int>(&QComboBox::activated), this, [this](int) {
        if (isLoading())
            return;
        m_setup->training.device = m_device->device();
        noteEdit();
    });
    connect(m_precision, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        if (isLoading())
            return;
        m_setup->training.precision = PrecisionKind(index);
        noteEdit();
    });
    connect(m_processes, qOverload<int>(&QSpinBox::valueChanged), this, [this](int processes) {
        if (isLoading())
            return;
        m_setup->training.processes = processes;
        noteEdit();
    });
    connect(m_threads, qOverload<int>(&QSpinBox::valueChanged), this, [this](int threads) {
        if (isLoading())
            return;
        m_setup->training.threads = threads;
        noteEdit();
    });
    load();
}

QComboBox *DevicePage::deviceCombo() const
{
    return m_device;
}

QString DevicePage::cpuOnlyNote() const
{
    return m_cpuOnly->isHidden() ? QString() : m_cpuOnly->text();
}

void DevicePage::load()
{
    const LoadingGuard guard(this);
    // Kept as written ("cuda", a GPU this machine lacks) for the validator to explain.
    m_device->reload();
    m_device->setDevice(m_setup->training.device);
    const QString reason = GpuInventory::detected().cpuOnlyReason();
    m_cpuOnly->setVisible(!reason.isEmpty());
    m_cpuOnly->setText(reason);
    m_threads->setValue(m_setup->training.threads);
    m_processes->setValue(m_setup->training.processes);
    m_precision->setCurrentIndex(int(m_setup->training.precision));
}

} // namespace deepterra
