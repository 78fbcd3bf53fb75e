#include "training/curveoptionsbar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>

#include <cmath>

namespace deepterra {

CurveOptionsBar::CurveOptionsBar(QWidget *parent)
    : QWidget(parent)
    , m_smoothingLabel(new QLabel(this))
    , m_smoothingSlider(new QSlider(Qt::Horizontal, this))
    , m_logScale(new QCheckBox(tr("Log scale"), this))
    , m_xAxis(new QComboBox(this))
{
    m_smoothingSlider->setObjectName(QStringLiteral("smoothingSlider"));
    m_smoothingSlider->setRange(0, 99);
    m_smoothingSlider->setValue(int(std::lround(kDefaultSmoothing * 100.0)));
    m_smoothingSlider->setToolTip(
        tr("How strongly the batch loss is smoothed (an exponential moving average, "
           "corrected at the start as TensorBoard does). 0 shows the raw losses."));
    m_smoothingLabel->setText(tr("Smoothing %1").arg(kDefaultSmoothing, 0, 'f', 2));
    m_logScale->setObjectName(QStringLiteral("logScaleCheck"));
    m_logScale->setToolTip(tr("Loss on a logarithmic axis: late, small improvements stay visible."));
    m_xAxis->setObjectName(QStringLiteral("xAxisCombo"));
    m_xAxis->addItem(tr("Epoch"), int(XAxis::Epoch));
    m_xAxis->addItem(tr("Step"), int(XAxis::Step));
    m_xAxis->addItem(tr("Wall time"), int(XAxis::WallTime));
    m_xAxis->setToolTip(tr("The charts' x axis: epochs, batches trained (steps) or training time."));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_smoothingLabel);
    layout->addWidget(m_smoothingSlider, 1);
    layout->addWidget(m_logScale);
    layout->addWidget(new QLabel(tr("x:"), this));
    layout->addWidget(m_xAxis);

    connect(m_smoothingSlider, &QSlider::valueChanged, this, [this](int value) {
        m_smoothingLabel->setText(tr("Smoothing %1").arg(value / 100.0, 0, 'f', 2));
        Q_EMIT smoothingChanged(value / 100.0);
    });
    connect(m_logScale, &QCheckBox::toggled, this, &CurveOptionsBar::logScaleToggled);
    connect(m_xAxis, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this] { Q_EMIT xAxisChanged(xAxis()); });
}

void CurveOptionsBar::setSmoothing(double beta)
{
    m_smoothingSlider->setValue(int(std::lround(beta * 100.0)));
}

double CurveOptionsBar::smoothing() const
{
    return m_smoothingSlider->value() / 100.0;
}

void CurveOptionsBar::setSmoothingEnabled(bool enabled)
{
    m_smoothingSlider->setEnabled(enabled);
}

void CurveOptionsBar::setLogScale(bool logarithmic)
{
    m_logScale->setChecked(logarithmic);
}

bool CurveOptionsBar::logScale() const
{
    return m_logScale->isChecked();
}

void CurveOptionsBar::setXAxis(XAxis axis)
{
    m_xAxis->setCurrentIndex(m_xAxis->findData(int(axis)));
}

CurveOptionsBar::XAxis CurveOptionsBar::xAxis() const
{
    return XAxis(m_xAxis->currentData().toInt());
}

} // namespace deepterra
