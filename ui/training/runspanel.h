#pragma once

#include "training/runcurves.h"
#include "training/runsummary.h"
#include "training/settingdifference.h"

#include <QStringList>
#include <QVector>
#include <QWidget>

#include <memory>
#include <vector>

class QFileSystemWatcher;
class QLabel;
class QPushButton;
class QTableWidget;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace deepterra {

class JobRunner;
class LatestJobRunner;
struct JobResult;

// The project's training runs, newest first: state, best metric, epochs, time, device. Opening a
// run shows its curves on the dashboard; comparing two or more draws their curves together and
// lists here the settings that differ. Folders are read off the GUI thread and read again when
// the runs folder or a run in progress changes.
class RunsPanel : public QWidget
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        TaskColumn,
        StateColumn,
        BestColumn,
        EpochsColumn,
        TimeColumn,
        DeviceColumn,
        StartedColumn,
        ColumnCount
    };
    static constexpr int kPathRole = Qt::UserRole + 1; // on the name column: the run folder

    explicit RunsPanel(QWidget *parent = nullptr);
    ~RunsPanel() override;

    // Lists the runs under `folder` (absolute; it need not exist yet).
    void setRunsFolder(const QString &folder);
    const QString &runsFolder() const { return m_runsFolder; }
    // Reads the runs folder again in the background; refreshed() follows.
    void refresh();
    const std::vector<RunSummary> &runs() const { return m_runs; }
    // The selected run folders in the tree's order.
    QStringList selectedRuns() const;

    // Each run's epochs from history.csv and its monitored metric, for the dashboard's charts; a
    // run whose history cannot be read has none. Reads files.
    static QVector<RunCurves> loadCurves(const QStringList &runFolders);

    static QString bestText(const RunSummary &run); // "val_mean_iou 0.71 @ epoch 4"
    static QString durationText(double seconds); // "3 min 12 s"

    QTreeWidget *tree() const { return m_tree; }
    QTableWidget *differencesTable() const { return m_differences; }
    QPushButton *openButton() const { return m_open; }
    QPushButton *compareButton() const { return m_compare; }
    QPushButton *resumeButton() const { return m_resume; }
    QPushButton *showFolderButton() const { return m_showFolder; }
    QPushButton *refreshButton() const { return m_refresh; }

Q_SIGNALS:
    void openRequested(const QString &runFolder);
    void compareRequested(const QStringList &runFolders);
    void resumeRequested(const QString &runFolder);
    // The tree lists the latest scan of the runs folder.
    void refreshed();
    // The settings table shows the compared runs' differences (or why they cannot be read).
    void differencesShown();

private:
    void startScan();
    void onScanFinished();
    void showRuns(std::vector<RunSummary> runs);
    void fillItem(QTreeWidgetItem *item, const RunSummary &run) const;
    void watchFolders();
    void updateButtons();
    void compare();
    void startDifferences(const QStringList &folders);
    void onDifferencesFinished(const JobResult &result);
    void showDifferences(const QStringList &folders, const QVector<SettingDifference> &differences,
                         const QString &error);
    const RunSummary *summaryOf(const QString &path) const;

    QString m_runsFolder;
    std::vector<RunSummary> m_runs;
    QTreeWidget *m_tree;
    QPushButton *m_open;
    QPushButton *m_compare;
    QPushButton *m_resume;
    QPushButton *m_showFolder;
    QPushButton *m_refresh;
    QLabel *m_differencesTitle;
    QTableWidget *m_differences;
    JobRunner *m_scanner;
    LatestJobRunner *m_differ;
    QFileSystemWatcher *m_watcher;
    QTimer *m_changeDelay; // a run writes several files at once: one scan for them
    // What the jobs in flight read: the scan's folder and runs, the compared folders and settings.
    QString m_scannedFolder;
    std::shared_ptr<std::vector<RunSummary>> m_scanned;
    bool m_scanAgain = false;
    QStringList m_comparedFolders;
    std::shared_ptr<QVector<SettingDifference>> m_compared;
};

} // namespace deepterra
