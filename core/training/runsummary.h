#pragma once

#include <QDateTime>
#include <QString>

#include <cmath>

namespace deepterra {

// What the runs panel shows of one run folder, read from its files: config.json, history.csv,
// metrics.json, the training lock and the checkpoints.
struct RunSummary
{
    enum class State {
        Running, // a live process holds training.lock
        Interrupted, // no metrics.json and nobody trains it: the app or the computer stopped
        Finished, // all planned epochs
        EarlyStopped, // the monitored metric stopped improving
        Stopped, // by the user
        Diverged, // the loss became NaN or infinite
        Failed // the folder cannot be read as a run; `problem` says why
    };

    QString path; // absolute
    QString name; // the folder's name
    QString task; // "segmentation", "forecasting", ...
    QString image; // the raster a raster task trained on (config.json's "data" › "image"); empty otherwise
    State state = State::Failed;
    QString problem; // why the run failed or cannot be read; empty otherwise
    QDateTime startedAt; // invalid when unknown
    double trainingSeconds = 0.0;
    QString device; // as the run resolved it ("cpu", "cuda:0"), or as it was asked ("auto") while it runs
    QString monitoredMetric; // "val_loss", "val_mean_iou", ...
    double bestValue = std::nan("");
    int bestEpoch = 0; // 0: no epoch completed
    int epochsCompleted = 0;
    int epochsPlanned = 0;
    // Can be continued: interrupted or stopped, with a checkpoints/last.pt to continue from.
    bool resumable = false;

    static QString stateName(State state)
    {
        switch (state) {
        case State::Running:
            return QStringLiteral("running");
        case State::Interrupted:
            return QStringLiteral("interrupted");
        case State::Finished:
            return QStringLiteral("finished");
        case State::EarlyStopped:
            return QStringLiteral("early-stopped");
        case State::Stopped:
            return QStringLiteral("stopped");
        case State::Diverged:
            return QStringLiteral("diverged");
        case State::Failed:
            return QStringLiteral("failed");
        }
        return {};
    }
    QString stateName() const { return stateName(state); }
};

} // namespace deepterra
