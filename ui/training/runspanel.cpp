#include "training/runspanel.h"

#include "common/dataerror.h"
#include "jobs/functionjob.h"
#include "jobs/jobrunner.h"
#include "jobs/latestjobrunner.h"
#include "training/runcatalog.h"
#include "training/runfolder.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <cmath>
#include <memory>

namespace deepterra {

namespace {

const QString kNone = QString(QChar(0x2014));

QColor stateColor(RunSummary::State state)
{
    switch (state) {
    case RunSummary::State::Running:
        return QColor(31, 119, 180);
    case RunSummary::State::Interrupted:
        return QColor(255, 127, 14);
    case RunSummary::State::Finished:
    case RunSummary::State::EarlyStopped:
        return QColor(44, 160, 44);
    case RunSummary::State::Stopped:
        return QColor(127, 127, 127);
    case RunSummary::State::Diverged:
    case RunSummary::State::Failed:
        return QColor(214, 39, 40);
    }
    return Qt::black;
}

QIcon stateIcon(RunSummary::State state)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(stateColor(state));
    painter.drawEllipse(1, 1, 10, 10);
    return QIcon(pixmap);
}

QString stateExplanation(const RunSummary &run)
{
    switch (run.state) {
    case RunSummary::State::Running:
        return QObject::tr("Training now");
    case RunSummary::State::Interrupted:
        return run.resumable
            ? QObject::tr("The app or the computer stopped while it trained; it can resume from "
                          "its last checkpoint")
            : QObject::tr("The app or the computer stopped before the first epoch ended: "
                          "nothing to resume");
    case RunSummary::State::Finished:
        return QObject::tr("Trained all planned epochs");
    case RunSummary::State::EarlyStopped:
        return QObject::tr("Stopped early: the monitored metric no longer improved");
    case RunSummary::State::Stopped:
        return run.resumable ? QObject::tr("Stopped by the user; it can resume")
                             : QObject::tr("Stopped by the user");
    case RunSummary::State::Diverged:
    case RunSummary::State::Failed:
        return run.problem;
    }
    return {};
}

} // namespace

RunsPanel::RunsPanel(QWidget *parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget)
    , m_open(new QPushButton(tr("Open")))
    , m_compare(new QPushButton(tr("Compare")))
    , m_resume(new QPushButton(tr("Resume")))
    , m_showFolder(new QPushButton(tr("Show folder")))
    , m_refresh(new QPushButton(tr("Refresh")))
    , m_differencesTitle(new QLabel(tr("Settings that differ")))
    , m_differences(new QTableWidget)
    , m_scanner(new JobRunner(this))
    , m_differ(new LatestJobRunner(this))
    , m_watcher(new QFileSystemWatcher(this))
    , m_changeDelay(new QTimer(this))
{
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({ tr("Run"), tr("Task"), tr("State"), tr("Best"), tr("Epochs"), tr("Time"),
                              tr("Device"), tr("Started") });
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->setToolTip(tr("The project's training runs, newest first. Select two or more to compare them."));

    m_open->setToolTip(tr("Show the run's curves on the dashboard (or double-click the run)"));
    m_compare->setToolTip(tr("Draw the selected runs' curves on the same charts and list the settings that "
                             "differ"));
    m_resume->setToolTip(tr("Continue an interrupted or stopped run from its last checkpoint"));
    m_showFolder->setToolTip(tr("Open the run's folder (configuration, history, metrics, checkpoints, log)"));
    m_refresh->setToolTip(tr("Read the runs folder again"));
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : { m_open, m_compare, m_resume, m_showFolder })
        buttons->addWidget(button);
    buttons->addStretch(1);
    buttons->addWidget(m_refresh);

    m_differences->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_differences->verticalHeader()->hide();
    m_differences->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_differences->setToolTip(tr("The set-up settings whose values are not the same in all compared runs"));
    m_differencesTitle->setWordWrap(true);
    m_differencesTitle->hide();
    m_differences->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_tree, 3);
    layout->addLayout(buttons);
    layout->addWidget(m_differencesTitle);
    layout->addWidget(m_differences, 2);

    m_changeDelay->setSingleShot(true);
    m_changeDelay->setInterval(500);
    connect(m_changeDelay, &QTimer::timeout, this, &RunsPanel::refresh);
    connect(m_scanner, &JobRunner::finished, this, &RunsPanel::onScanFinished);
    connect(m_differ, &LatestJobRunner::finished, this, &RunsPanel::onDifferencesFinished);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_changeDelay, qOverload<>(&QTimer::start));

    connect(m_tree, &QTreeWidget::itemSelectionChanged, this, &RunsPanel::updateButtons);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        Q_EMIT openRequested(item->data(NameColumn, kPathRole).toString());
    });
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QStringList selected = selectedRuns();
        if (selected.size() == 1)
            Q_EMIT openRequested(selected.first());
    });
    connect(m_compare, &QPushButton::clicked, this, &RunsPanel::compare);
    connect(m_resume, &QPushButton::clicked, this, [this] {
        const QStringList selected = selectedRuns();
        if (selected.size() == 1)
            Q_EMIT resumeRequested(selected.first());
    });
    connect(m_showFolder, &QPushButton::clicked, this, [this] {
        const QStringList selected = selectedRuns();
        if (selected.size() == 1)
            QDesktopServices::openUrl(QUrl::fromLocalFile(selected.first()));
    });
    connect(m_refresh, &QPushButton::clicked, this, &RunsPanel::refresh);
    updateButtons();
}

RunsPanel::~RunsPanel() = default;

void RunsPanel::setRunsFolder(const QString &folder)
{
    if (folder == m_runsFolder)
        return;
    m_runsFolder = folder;
    m_tree->clear();
    m_runs.clear();
    m_differencesTitle->hide();
    m_differences->hide();
    refresh();
}

void RunsPanel::refresh()
{
    if (m_scanner->isRunning()) {
        m_scanAgain = true; // the files may have changed after the scan read them
        return;
    }
    startScan();
}

void RunsPanel::startScan()
{
    m_scanAgain = false;
    m_scannedFolder = m_runsFolder;
    m_scanned = std::make_shared<std::vector<RunSummary>>();
    m_scanner->start(std::make_unique<FunctionJob>(
        tr("Reading the training runs"),
        [found = m_scanned, folder = m_scannedFolder](Feedback &) { *found = RunCatalog::scan(folder); }));
}

void RunsPanel::onScanFinished()
{
    if (m_scanAgain || m_scannedFolder != m_runsFolder) {
        startScan();
        return;
    }
    showRuns(std::move(*m_scanned));
}

void RunsPanel::showRuns(std::vector<RunSummary> runs)
{
    const QStringList selected = selectedRuns();
    QTreeWidgetItem *current = m_tree->currentItem();
    const QString currentPath = current ? current->data(NameColumn, kPathRole).toString() : QString();
    m_runs = std::move(runs);
    const QSignalBlocker blocker(m_tree);
    m_tree->clear();
    for (const RunSummary &run : m_runs) {
        auto *item = new QTreeWidgetItem(m_tree);
        fillItem(item, run);
        if (selected.contains(run.path))
            item->setSelected(true);
        if (run.path == currentPath)
            m_tree->setCurrentItem(item, 0, QItemSelectionModel::NoUpdate);
    }
    watchFolders();
    updateButtons();
    Q_EMIT refreshed();
}

void RunsPanel::fillItem(QTreeWidgetItem *item, const RunSummary &run) const
{
    item->setText(NameColumn, run.name);
    item->setData(NameColumn, kPathRole, run.path);
    item->setToolTip(NameColumn, QDir::toNativeSeparators(run.path));
    item->setText(TaskColumn, run.task.isEmpty() ? kNone : run.task);
    item->setText(StateColumn, run.stateName());
    item->setIcon(StateColumn, stateIcon(run.state));
    item->setForeground(StateColumn, stateColor(run.state));
    item->setToolTip(StateColumn, stateExplanation(run));
    item->setText(BestColumn, bestText(run));
    item->setText(EpochsColumn,
                  run.epochsPlanned > 0
                      ? QStringLiteral("%1/%2").arg(run.epochsCompleted).arg(run.epochsPlanned)
                      : QString::number(run.epochsCompleted));
    item->setText(TimeColumn,
                  run.trainingSeconds > 0.0 || run.epochsCompleted > 0 ? durationText(run.trainingSeconds)
                                                                       : kNone);
    item->setText(DeviceColumn, run.device.isEmpty() ? kNone : run.device);
    item->setText(StartedColumn,
                  run.startedAt.isValid()
                      ? run.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                      : kNone);
}

void RunsPanel::watchFolders()
{
    // The runs folder for new runs; the folders of runs in progress for their epochs and their end.
    QStringList folders;
    if (!m_runsFolder.isEmpty() && QFileInfo(m_runsFolder).isDir())
        folders << m_runsFolder;
    for (const RunSummary &run : m_runs)
        if (run.state == RunSummary::State::Running)
            folders << run.path;
    const QStringList watched = m_watcher->directories();
    for (const QString &path : watched)
        if (!folders.contains(path))
            m_watcher->removePath(path);
    for (const QString &path : folders)
        if (!watched.contains(path))
            m_watcher->addPath(path);
}

QStringList RunsPanel::selectedRuns() const
{
    QStringList folders;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_tree->topLevelItem(i);
        if (item->isSelected())
            folders << item->data(NameColumn, kPathRole).toString();
    }
    return folders;
}

const RunSummary *RunsPanel::summaryOf(const QString &path) const
{
    for (const RunSummary &run : m_runs)
        if (run.path == path)
            return &run;
    return nullptr;
}

void RunsPanel::updateButtons()
{
    const QStringList selected = selectedRuns();
    m_open->setEnabled(selected.size() == 1);
    m_showFolder->setEnabled(selected.size() == 1);
    m_compare->setEnabled(selected.size() >= 2);
    const RunSummary *run = selected.size() == 1 ? summaryOf(selected.first()) : nullptr;
    m_resume->setEnabled(
        run && run->resumable
        && (run->state == RunSummary::State::Interrupted || run->state == RunSummary::State::Stopped));
}

void RunsPanel::compare()
{
    const QStringList folders = selectedRuns();
    if (folders.size() < 2)
        return;
    Q_EMIT compareRequested(folders);
    startDifferences(folders);
}

void RunsPanel::startDifferences(const QStringList &folders)
{
    m_differ->request([this, folders] {
        m_comparedFolders = folders;
        m_compared = std::make_shared<QVector<SettingDifference>>();
        return std::make_unique<FunctionJob>(tr("Comparing run settings"),
                                             [differences = m_compared, folders](Feedback &) {
                                                 *differences = RunCatalog::differingSettings(folders);
                                             });
    });
}

void RunsPanel::onDifferencesFinished(const JobResult &result)
{
    showDifferences(m_comparedFolders, *m_compared, result.succeeded() ? QString() : result.error);
}

void RunsPanel::showDifferences(const QStringList &folders, const QVector<SettingDifference> &differences,
                                const QString &error)
{
    m_differences->clear();
    m_differences->setColumnCount(1 + int(folders.size()));
    QStringList headers { tr("Setting") };
    for (const QString &folder : folders)
        headers << QFileInfo(folder).fileName();
    m_differences->setHorizontalHeaderLabels(headers);
    m_differences->setRowCount(int(differences.size()));
    for (int row = 0; row < differences.size(); ++row) {
        const SettingDifference &difference = differences.at(row);
        m_differences->setItem(row, 0, new QTableWidgetItem(difference.key));
        for (int column = 0; column < difference.values.size(); ++column)
            m_differences->setItem(row, column + 1, new QTableWidgetItem(difference.values.at(column)));
    }
    if (!error.isEmpty())
        m_differencesTitle->setText(tr("Settings that differ: cannot compare, %1").arg(error));
    else if (differences.isEmpty())
        m_differencesTitle->setText(
            tr("Settings that differ: none, the %1 runs were set up alike").arg(folders.size()));
    else
        m_differencesTitle->setText(tr("Settings that differ (%1)").arg(differences.size()));
    m_differencesTitle->show();
    m_differences->show();
    Q_EMIT differencesShown();
}

QVector<RunCurves> RunsPanel::loadCurves(const QStringList &runFolders)
{
    QVector<RunCurves> curves;
    for (const QString &folder : runFolders) {
        RunCurves run;
        run.label = QFileInfo(folder).fileName();
        run.monitoredMetric = RunCatalog::summarize(folder).monitoredMetric;
        try {
            run.history = RunFolder(folder).readHistory();
        } catch (const DataError &) {
            // The panel shows such a run as failed, with the reason; it simply has no curves.
        }
        curves.push_back(std::move(run));
    }
    return curves;
}

QString RunsPanel::bestText(const RunSummary &run)
{
    if (!std::isfinite(run.bestValue) || run.bestEpoch <= 0)
        return kNone;
    return QStringLiteral("%1 %2 @ epoch %3")
        .arg(run.monitoredMetric, QString::number(run.bestValue, 'g', 3))
        .arg(run.bestEpoch);
}

QString RunsPanel::durationText(double seconds)
{
    const qint64 total = qint64(std::llround(std::max(0.0, seconds)));
    if (total < 60)
        return QStringLiteral("%1 s").arg(total);
    if (total < 3600)
        return QStringLiteral("%1 min %2 s").arg(total / 60).arg(total % 60);
    return QStringLiteral("%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60, 2, 10, QLatin1Char('0'));
}

} // namespace deepterra
