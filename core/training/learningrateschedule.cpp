#include "training/learningrateschedule.h"

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {
constexpr double kPi = 3.14159265358979323846;

double cosineBetween(double from, double to, double fraction)
{
    return to + 0.5 * (from - to) * (1.0 + std::cos(kPi * std::clamp(fraction, 0.0, 1.0)));
}
} // namespace

LearningRateSchedule::LearningRateSchedule(const TrainingConfig &config, int stepsPerEpoch)
    : m_config(config)
    , m_stepsPerEpoch(std::max(1, stepsPerEpoch))
{ }

double LearningRateSchedule::at(int epoch, int stepInEpoch) const
{
    const double base = m_config.learningRate;
    const double totalSteps = double(std::max(1, m_config.epochs)) * m_stepsPerEpoch;
    const double step = double(epoch) * m_stepsPerEpoch + stepInEpoch;
    switch (m_config.schedule) {
    case ScheduleKind::Constant:
        return base;
    case ScheduleKind::Step:
        return base * std::pow(m_config.gamma, std::floor(double(epoch) / std::max(1, m_config.stepSize)));
    case ScheduleKind::Cosine:
        return cosineBetween(base, m_config.minLearningRate, step / totalSteps);
    case ScheduleKind::OneCycle: {
        // PyTorch's OneCycleLR defaults: 30 % warm-up from max/25, cosine down to max/(25*1e4).
        const double peak = m_config.maxLearningRate > 0.0 ? m_config.maxLearningRate : 10.0 * base;
        const double initial = peak / 25.0;
        const double final = initial / 1e4;
        const double warmup = 0.3 * totalSteps;
        if (step < warmup)
            return cosineBetween(initial, peak, step / warmup);
        return cosineBetween(peak, final, (step - warmup) / std::max(1.0, totalSteps - warmup));
    }
    }
    return base;
}

} // namespace deepterra
