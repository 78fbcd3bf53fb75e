#pragma once

#include "jobs/job.h"
#include "training/trainer.h"

#include <QString>

#include <optional>

namespace deepterra {

class TrainingEvents;

struct TrainingRequest
{
    QString projectPath; // start a new run of this project...
    QString resumeRun; // ...or continue this run folder
    QString outputFolder; // the run folder to write; empty = <project>/<runs>/<time>-<task>
    std::optional<int> epochs; // overrides of the project's training section
    QString device;
    std::optional<int> threads;
};

// Trains a project's model and writes the run folder (RunFolder). The same job runs under the
// GUI's JobRunner and `deepterra-cli train`.
class TrainingJob : public Job
{
public:
    explicit TrainingJob(TrainingRequest request, TrainingEvents *events = nullptr);
    QString name() const override { return QStringLiteral("Training"); }
    void run(Feedback &feedback) override;

    const TrainingOutcome &outcome() const { return m_outcome; }
    const QString &runFolder() const { return m_runFolder; }

private:
    TrainingRequest m_request;
    TrainingEvents *m_events;
    TrainingOutcome m_outcome;
    QString m_runFolder;
};

} // namespace deepterra
