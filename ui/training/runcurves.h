#pragma once

#include "training/epochrecord.h"

#include <QString>

#include <vector>

namespace deepterra {

// One run's epoch curves as the dashboard draws them: live for the run in progress, read back
// from history.csv for a finished run or a comparison of several.
struct RunCurves
{
    QString label; // the run folder's name
    QString monitoredMetric; // "val_loss", "val_mean_iou", ...
    std::vector<EpochRecord> history;
};

} // namespace deepterra
