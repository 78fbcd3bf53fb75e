#pragma once

#include "jobs/job.h"
#include "project/project.h"
#include "training/trainer.h"

#include <QString>

#include <memory>
#include <optional>

class QTemporaryFile;

namespace deepterra {

class LocalRanks;

class ProcessGroup;
class RunFolder;
class TrainingEvents;
struct TrainingSetup;

struct TrainingRequest
{
    // Start a new run of this project as it is in memory (the app: the forms' settings need not be
    // saved first; its filePath places the runs folder and resolves relative layer paths)...
    std::optional<Project> project;
    QString projectPath; // ...or of this project file...
    QString resumeRun; // ...or continue this run folder
    QString outputFolder; // the run folder to write; empty = <project>/<runs>/<time>-<task>
    // Save checkpoints/live.pt at this interval within an epoch, for a live preview; 0 = only
    // after each epoch (last.pt).
    double liveSnapshotSeconds = 0.0;
    std::optional<int> epochs; // overrides of the project's training section
    QString device;
    std::optional<int> threads;
    std::optional<PrecisionKind> precision;
    // Cross-validation (CrossValidationJob): train fold `fold` (0-based) of `folds`; 0 folds = the
    // project's own split.
    int folds = 0;
    int fold = 0;
    // One rank of a data-parallel job (ProcessGroup): every rank runs the same request; rank 0 makes
    // the run folder (or resumes resumeRun) and writes it, the others train beside it. Null: one
    // process.
    std::shared_ptr<ProcessGroup> processGroup;
    // deepterra-cli, for a set-up that trains in several processes on this machine
    // (training.processes): this job is then rank 0 and starts the others with it. Empty: such a
    // set-up is refused.
    QString rankProgram;
};

// Trains a project's model and writes the run folder (RunFolder). The same job runs under the
// GUI's JobRunner and `deepterra-cli train`. While it trains, it holds RUN/training.lock: a run
// folder without metrics.json whose lock no live process holds was interrupted (crash, kill,
// power loss) and can be resumed. A run the user stops gets metrics.json with "stop": "stopped"
// and the best epoch so far.
class TrainingJob : public Job
{
public:
    explicit TrainingJob(TrainingRequest request, TrainingEvents *events = nullptr);
    QString name() const override { return QStringLiteral("Training"); }
    void run(Feedback &feedback) override;

    const TrainingOutcome &outcome() const { return m_outcome; }
    const QString &runFolder() const { return m_runFolder; }

private:
    // Rank 0 of a set-up that trains in several processes on this machine: starts the others
    // (`ranks`; a new run's project written for them to `snapshot`, next to the project so that its
    // relative paths hold) and meets them. Gives `setup` each process's share of the cores when it
    // names no thread count.
    std::shared_ptr<ProcessGroup> startLocalRanks(const Project &project, TrainingSetup &setup,
                                                  std::unique_ptr<LocalRanks> &ranks,
                                                  std::unique_ptr<QTemporaryFile> &snapshot,
                                                  Feedback &feedback);
    // A rank other than 0: trains its slices of the batches and writes nothing.
    void trainBesideTheLead(const TrainingSetup &setup, const Project &project, const RunFolder &run,
                            Feedback &feedback);

    TrainingRequest m_request;
    TrainingEvents *m_events;
    TrainingOutcome m_outcome;
    QString m_runFolder;
};

} // namespace deepterra
