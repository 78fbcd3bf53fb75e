#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace deepterra {

// How the training charts draw their curves: the batch loss's smoothing, a logarithmic loss axis
// and what the x axis counts. Only the controls; TrainingCurves applies them.
class CurveOptionsBar : public QWidget
{
    Q_OBJECT

public:
    enum class XAxis { Epoch, Step, WallTime };
    static constexpr double kDefaultSmoothing = 0.6;

    explicit CurveOptionsBar(QWidget *parent = nullptr);

    void setSmoothing(double beta); // 0 .. 0.99
    double smoothing() const;
    void setSmoothingEnabled(bool enabled); // finished runs have no batch losses to smooth
    void setLogScale(bool logarithmic);
    bool logScale() const;
    void setXAxis(XAxis axis);
    XAxis xAxis() const;

Q_SIGNALS:
    void smoothingChanged(double beta);
    void logScaleToggled(bool logarithmic);
    void xAxisChanged(deepterra::CurveOptionsBar::XAxis axis);

private:
    QLabel *m_smoothingLabel;
    QSlider *m_smoothingSlider;
    QCheckBox *m_logScale;
    QComboBox *m_xAxis;
};

} // namespace deepterra
