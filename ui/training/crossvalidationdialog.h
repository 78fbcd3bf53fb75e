#pragma once

#include "project/project.h"

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace deepterra {

class JobRunner;

// Model ▸ Cross-Validate: trains one model per fold of the set-up's split (CrossValidationJob) on a
// worker thread, with progress and Stop, and shows each figure's mean, standard deviation and
// per-fold values from folds.json, whose folder it names.
class CrossValidationDialog : public QDialog
{
    Q_OBJECT

public:
    // `project`: saved, with the set-up's sections; its task.split.folds (at least 2) is K.
    explicit CrossValidationDialog(const Project &project, QWidget *parent = nullptr);
    ~CrossValidationDialog() override;

    QPushButton *startButton() const { return m_start; }
    QPushButton *stopButton() const { return m_stop; }
    QProgressBar *progressBar() const { return m_progress; }
    QTableWidget *table() const { return m_table; }
    QLabel *statusLabel() const { return m_status; }
    const QString &folder() const { return m_folder; }

Q_SIGNALS:
    void finished(bool succeeded);

private:
    void start();
    void showSummary(const QJsonObject &summary);

    Project m_project;
    int m_folds = 0;
    int m_fold = 0; // the fold training now, 1-based; 0 before the first
    JobRunner *m_runner;
    QLabel *m_status;
    QProgressBar *m_progress;
    QTableWidget *m_table;
    QPushButton *m_start;
    QPushButton *m_stop;
    QString m_folder;
};

} // namespace deepterra
