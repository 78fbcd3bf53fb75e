#pragma once

#include "jobs/job.h"
#include "training/trainingjob.h"

#include <QJsonObject>
#include <QString>

namespace deepterra {

class TrainingEvents;

// Trains a project's model once per fold of its split (spatial blocks, random patches, or rolling
// origins for series; SplitConfig::folds) and writes, beside the fold runs FOLDER/fold-1 ...
// FOLDER/fold-K (complete run folders), FOLDER/folds.json: each fold's validation (and test)
// figures of its best epoch, and their mean and standard deviation over the folds. folds.json is
// rewritten after every fold, so that the folds done survive a stop.
class CrossValidationJob : public Job
{
public:
    // `request.outputFolder`: the folder of the folds; empty = <project>/<runs>/<time>-<task>-<K>folds.
    CrossValidationJob(TrainingRequest request, int folds, TrainingEvents *events = nullptr);
    QString name() const override { return QStringLiteral("Cross-validation"); }
    void run(Feedback &feedback) override;

    const QString &folder() const { return m_folder; }
    const QJsonObject &summary() const { return m_summary; } // folds.json

private:
    TrainingRequest m_request;
    int m_folds = 0;
    TrainingEvents *m_events = nullptr;
    QString m_folder;
    QJsonObject m_summary;
};

} // namespace deepterra
