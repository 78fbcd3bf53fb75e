#include "training/crossvalidationdialog.h"

#include "jobs/jobrunner.h"
#include "training/crossvalidationjob.h"
#include "training/trainingsetup.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace deepterra {

namespace {

QString number(const QJsonValue &value)
{
    return value.isDouble() ? QString::number(value.toDouble(), 'g', 4) : QStringLiteral("n/a");
}

} // namespace

CrossValidationDialog::CrossValidationDialog(const Project &project, QWidget *parent)
    : QDialog(parent)
    , m_project(project)
    , m_runner(new JobRunner(this))
    , m_status(new QLabel)
    , m_progress(new QProgressBar)
    , m_table(new QTableWidget)
    , m_start(new QPushButton(tr("Start")))
    , m_stop(new QPushButton(tr("Stop")))
{
    setObjectName(QStringLiteral("crossValidationDialog"));
    setWindowTitle(tr("Cross-Validate"));
    m_folds = TrainingSetup::fromJson(project.sections, project.filePath).task.split.folds;
    m_status->setObjectName(QStringLiteral("crossValidationStatus"));
    m_status->setWordWrap(true);
    m_status->setText(
        tr("Trains %1 models, each validated on one fold of the split, and reports the mean and "
           "spread of their scores. Each fold is a complete run.")
            .arg(m_folds));
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_table->setObjectName(QStringLiteral("crossValidationTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({ tr("Figure"), tr("Mean ± SD"), tr("Folds") });
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_start->setObjectName(QStringLiteral("startCrossValidationButton"));
    m_stop->setObjectName(QStringLiteral("stopCrossValidationButton"));
    m_stop->setEnabled(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_start, QDialogButtonBox::ActionRole);
    buttons->addButton(m_stop, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(640, 420);

    if (m_folds < 2) {
        m_start->setEnabled(false);
        m_status->setText(
            tr("Set “Cross-validation folds” (Model ▸ Set Up Model…, split) to 2 or more first."));
    }
    connect(m_start, &QPushButton::clicked, this, &CrossValidationDialog::start);
    connect(m_stop, &QPushButton::clicked, m_runner, &JobRunner::cancel);
    // Each fold's run reports 0 to 100 %: the bar shows the whole, fold by fold.
    connect(
        m_runner->feedback(), &Feedback::progressChanged, this,
        [this](double percent) {
            m_progress->setValue(int((100.0 * std::max(0, m_fold - 1) + percent) / std::max(1, m_folds)));
        },
        Qt::QueuedConnection);
    connect(
        m_runner->feedback(), &Feedback::messageLogged, this,
        [this](Feedback::Level, const QString &text) {
            static const QRegularExpression fold(QStringLiteral("^Fold (\\d+) of"));
            if (const QRegularExpressionMatch match = fold.match(text); match.hasMatch()) {
                m_fold = match.captured(1).toInt();
                m_status->setText(text);
            }
        },
        Qt::QueuedConnection);
}

CrossValidationDialog::~CrossValidationDialog()
{
    m_runner->cancelAndWait();
}

void CrossValidationDialog::start()
{
    TrainingRequest request;
    request.project = m_project;
    auto job = std::make_shared<CrossValidationJob>(request, m_folds);
    connect(
        m_runner, &JobRunner::finished, this,
        [this, job](const JobResult &result) {
            m_folder = job->folder();
            m_start->setEnabled(true);
            m_stop->setEnabled(false);
            showSummary(job->summary());
            if (result.succeeded())
                m_status->setText(tr("%1 folds done: %2 holds every fold's run and folds.json.")
                                      .arg(m_folds)
                                      .arg(m_folder));
            else if (result.status == JobResult::Status::Canceled)
                m_status->setText(tr("Stopped: folds.json in %1 holds the folds done.").arg(m_folder));
            else
                m_status->setText(tr("Cross-validation failed: %1").arg(result.error));
            Q_EMIT finished(result.succeeded());
        },
        Qt::SingleShotConnection);
    m_start->setEnabled(false);
    m_stop->setEnabled(true);
    m_table->setRowCount(0);
    m_fold = 0;
    m_progress->setValue(0);
    m_runner->startShared(job);
}

void CrossValidationDialog::showSummary(const QJsonObject &summary)
{
    const QJsonArray perFold = summary.value(QStringLiteral("perFold")).toArray();
    m_table->setRowCount(0);
    for (const char *side : { "validation", "test" }) {
        const QJsonObject across = summary.value(QLatin1String(side)).toObject();
        for (auto it = across.begin(); it != across.end(); ++it) {
            QStringList folds;
            for (const QJsonValue &fold : perFold)
                folds << number(fold.toObject().value(QLatin1String(side)).toObject().value(it.key()));
            const QJsonObject stats = it.value().toObject();
            const int row = m_table->rowCount();
            m_table->insertRow(row);
            m_table->setItem(row, 0, new QTableWidgetItem(it.key()));
            m_table->setItem(row, 1,
                             new QTableWidgetItem(
                                 QStringLiteral("%1 ± %2").arg(number(stats.value(QStringLiteral("mean"))),
                                                               number(stats.value(QStringLiteral("std"))))));
            m_table->setItem(row, 2, new QTableWidgetItem(folds.join(QStringLiteral(", "))));
        }
    }
    m_table->resizeColumnsToContents();
}

} // namespace deepterra
