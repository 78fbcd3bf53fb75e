#pragma once

#include "training/epochrecord.h"

#include <QObject>
#include <QStringList>

namespace deepterra {

// What a listener needs to know before the first epoch of a run: where it is written and what the
// curves and the confusion matrix will show.
struct RunStart
{
    QString runFolder;
    QString task; // TaskConfig::kindName
    QString monitoredMetric; // "val_loss", "val_mean_iou", ...
    int epochs = 0;
    bool resumed = false;
    QStringList classNames; // classification tasks, in class-index order
    QStringList inputChannels;
    int trainingExamples = 0;
    int validationExamples = 0;
    // What a live preview predicts: the training image (raster tasks) or series (series tasks),
    // absolute paths, and the validation share of a chronological split.
    QString imagePath;
    QString seriesPath;
    double validationShare = 0.0;
    // Processes training together (data-parallel); the others cannot wait for a paused one.
    int processes = 1;
};

class OwnerThreadCalls;

// The one stream of live training events for plots and progress lines. The trainer announces
// them on its thread; the signals are emitted on this object's thread (OwnerThreadCalls): at once
// when the training runs there (the CLI), else from its event loop, in order (the GUI). Batch events are
// throttled by the trainer (at most about 20 a second, and always the last batch of an epoch), so a fast
// model cannot flood a listener; epochs are never dropped. A resumed run first replays its earlier epochs
// (EpochRecord::replayed). Messages and progress travel through Feedback; the result through the job's
// outcome.
class TrainingEvents : public QObject
{
    Q_OBJECT

public:
    explicit TrainingEvents(QObject *parent = nullptr);

    void announceRunStarted(const RunStart &start);
    void announceBatch(const BatchProgress &progress);
    void announceEpoch(const EpochRecord &record);
    void announceSnapshot(const QString &checkpoint, int epoch, int batch);

Q_SIGNALS:
    void runStarted(const deepterra::RunStart &start);
    void batchFinished(const deepterra::BatchProgress &progress);
    void epochFinished(const deepterra::EpochRecord &record);
    // Weights are on disk for a prediction: "last.pt" after every epoch, "live.pt" within an epoch
    // (TrainerOptions::liveSnapshotSeconds). `epoch` is 1-based, `batch` the batches done in it.
    void snapshotSaved(const QString &checkpoint, int epoch, int batch);

private:
    OwnerThreadCalls *m_ownerCalls;
};

} // namespace deepterra

Q_DECLARE_METATYPE(deepterra::RunStart)
Q_DECLARE_METATYPE(deepterra::BatchProgress)
Q_DECLARE_METATYPE(deepterra::EpochRecord)
