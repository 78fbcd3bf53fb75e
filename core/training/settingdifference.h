#pragma once

#include <QString>
#include <QStringList>

namespace deepterra {

// One setting that is not the same in every compared run: the runs panel lists these beside the
// compared curves, so that a user sees why two runs ended differently.
struct SettingDifference
{
    QString key; // dotted path in the run's set-up, e.g. "training.learningRate"
    QStringList values; // one per run, in the order the runs were given; "—" where a run has none
};

} // namespace deepterra
