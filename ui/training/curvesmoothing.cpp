#include "training/curvesmoothing.h"

#include <algorithm>
#include <cmath>

namespace deepterra {

CurveSmoothing::CurveSmoothing(double beta)
{
    setBeta(beta);
}

void CurveSmoothing::setBeta(double beta)
{
    // beta = 1 would never move from the first value and divide by zero in the correction.
    m_beta = std::clamp(std::isfinite(beta) ? beta : 0.0, 0.0, 0.999);
    reset();
}

double CurveSmoothing::add(double value)
{
    if (!std::isfinite(value))
        return value;
    m_biased = m_beta * m_biased + (1.0 - m_beta) * value;
    m_betaPower *= m_beta;
    return m_biased / (1.0 - m_betaPower);
}

void CurveSmoothing::reset()
{
    m_biased = 0.0;
    m_betaPower = 1.0;
}

QVector<double> CurveSmoothing::smooth(const QVector<double> &values, double beta)
{
    CurveSmoothing smoothing(beta);
    QVector<double> smoothed;
    smoothed.reserve(values.size());
    for (double v : values)
        smoothed.append(smoothing.add(v));
    return smoothed;
}

} // namespace deepterra
