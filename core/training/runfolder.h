#pragma once

#include "training/epochrecord.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace deepterra {

// A training run on disk:
//   config.json      what was trained, with what, on which data (the snapshot a resume reads)
//   history.csv      one row per epoch
//   metrics.json     final validation metrics of the best epoch
//   split.gpkg       where the training, validation and test patches lie (raster class tasks)
//   training.log     every message of the run, time-stamped
//   checkpoints/     best.pt and last.pt
// Every file is written atomically.
class RunFolder
{
public:
    explicit RunFolder(QString path);
    // A new folder under `runsFolder` named after the time and the task; never reuses one.
    static RunFolder create(const QString &runsFolder, const QString &taskName);

    const QString &path() const { return m_path; }
    QString filePath(const QString &name) const;
    QString checkpointPath(const QString &name) const; // "best.pt", "last.pt"

    void writeConfig(const QJsonObject &config) const;
    QJsonObject readConfig() const; // throws DataError for a folder that is not a run
    void writeHistory(const std::vector<EpochRecord> &history) const;
    // history.csv read back (the runs panel, a resumed run's curves): every epoch with its scalar
    // metrics, `replayed` set. Empty when the run has no history yet; throws DataError naming the
    // file for one that is not a Deepterra history.
    std::vector<EpochRecord> readHistory() const;
    void writeMetrics(const QJsonObject &metrics) const;
    void appendLog(const QString &line) const;

    static void writeJson(const QString &path, const QJsonObject &json);

private:
    QString m_path;
};

} // namespace deepterra
