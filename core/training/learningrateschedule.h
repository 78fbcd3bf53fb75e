#pragma once

#include "training/trainingconfig.h"

namespace deepterra {

// The learning rate at every optimiser step, computed rather than stateful so that a resumed run
// continues on exactly the curve of an uninterrupted one.
class LearningRateSchedule
{
public:
    LearningRateSchedule(const TrainingConfig &config, int stepsPerEpoch);
    double at(int epoch, int stepInEpoch) const;

private:
    TrainingConfig m_config;
    int m_stepsPerEpoch;
};

} // namespace deepterra
