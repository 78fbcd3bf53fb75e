#include "training/devicepage.h"

#include "runtime/gpuinventory.h"
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
    , m_device(new QComboBox)
    , m_cpuOnly(new QLabel)
    , m_threads(new QSpinBox)
    , m_precision(new QComboBox)
{
    m_cpuOnly->setObjectName(QStringLiteral("cpuOnlyNote"));
    m_cpuOnly->setWordWrap(true);
    const int cores = QThread::idealThreadCount();
    m_threads->setRange(0, 4096);
    m_threads->setSpecialValueText(tr("All cores (%1)").arg(cores));

    auto *device = new QWidget;
    auto *layout = new QVBoxLayout(device);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_device);
    layout->addWidget(m_cpuOnly);

    addHeading(tr("Device"));
    addField(QStringLiteral("training.device"), tr("Train on"), device);
    addField(QStringLiteral("training.threads"), tr("CPU threads"), m_threads);
    // In PrecisionKind's order: the index is the kind.
    m_precision->addItem(tr("Full (float32)"), QStringLiteral("fp32"));
    m_precision->addItem(tr("Mixed bfloat16 (CPU or GPU)"), QStringLiteral("bf16"));
    m_precision->addItem(tr("Mixed float16 (CUDA GPU)"), QStringLiteral("fp16"));
    addField(QStringLiteral("training.precision"), tr("Precision"), m_precision);

    connect(m_device, qOverload<int>(&QComboBox::activated), this, [this](int) {
        if (isLoading())
            return;
        m_setup->training.device = m_device->currentData().toString();
        noteEdit();
    });
    connect(m_precision, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        if (isLoading())
            return;
        m_setup->training.precision = PrecisionKind(index);
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

QString DevicePage::cpuOnlyNote() const
{
    return m_cpuOnly->isHidden() ? QString() : m_cpuOnly->text();
}

void DevicePage::load()
{
    const LoadingGuard guard(this);
    m_device->clear();
    m_device->addItem(tr("Automatic (a GPU when there is one)"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    const GpuInventory &gpus = GpuInventory::detected();
    for (int index = 0; index < gpus.usableGpuCount(); ++index) {
        const QString device = QStringLiteral("cuda:%1").arg(index);
        const GpuInfo *gpu = gpus.gpu(index);
        const QString description = gpu ? gpu->description() : tr("GPU %1").arg(index);
        m_device->addItem(tr("GPU %1: %2 (%3)").arg(index).arg(description, device), device);
    }
    const QString reason = gpus.cpuOnlyReason();
    m_cpuOnly->setVisible(!reason.isEmpty());
    m_cpuOnly->setText(reason);
    const QString current = m_setup->training.device;
    int index = m_device->findData(current);
    if (index < 0) {
        // Kept as written ("cuda", a GPU this machine lacks) for the validator to explain.
        m_device->addItem(current, current);
        index = m_device->count() - 1;
    }
    m_device->setCurrentIndex(index);
    m_threads->setValue(m_setup->training.threads);
    m_precision->setCurrentIndex(int(m_setup->training.precision));
}

} // namespace deepterra
