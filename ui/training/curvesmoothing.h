#pragma once

#include <QVector>

namespace deepterra {

// TensorBoard's smoothing of a noisy curve: an exponential moving average whose start-up bias is
// corrected. Without the correction the curve starts at 0 and creeps up to the data, which reads
// as a loss that rises during the first batches:
//   s_t = beta * s_{t-1} + (1 - beta) * x_t,  shown as s_t / (1 - beta^t).
// A value that is not finite (a diverged batch) is shown as it is and does not enter the average,
// so one NaN cannot blank the rest of the curve.
class CurveSmoothing
{
public:
    explicit CurveSmoothing(double beta = 0.6);

    // beta in [0, 1): 0 is no smoothing; clamped. Clears the average.
    void setBeta(double beta);
    double beta() const { return m_beta; }

    // Adds the next value and returns the smoothed (debiased) value at it.
    double add(double value);
    void reset();

    static QVector<double> smooth(const QVector<double> &values, double beta);

private:
    double m_beta = 0.6;
    double m_biased = 0.0;
    double m_betaPower = 1.0; // beta^t of the finite values added so far
};

} // namespace deepterra
