#pragma once

#include "training/epochrecord.h"

#include <QObject>

namespace deepterra {

// Live training events for plots and progress lines. Emitted on the training thread: connect with
// queued connections from the GUI (the default across threads), direct ones from the CLI.
class TrainingEvents : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

Q_SIGNALS:
    void batchFinished(const deepterra::BatchProgress &progress);
    void epochFinished(const deepterra::EpochRecord &record);
};

} // namespace deepterra

Q_DECLARE_METATYPE(deepterra::BatchProgress)
Q_DECLARE_METATYPE(deepterra::EpochRecord)
