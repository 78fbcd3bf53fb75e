#include "results/importancepanel.h"

#include "inference/permutationimportancejob.h"
#include "jobs/feedback.h"
#include "jobs/functionjob.h"
#include "jobs/jobrunner.h"
#include "jobs/latestjobrunner.h"
#include "results/importancechart.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>
#include <utility>

namespace deepterra {

ImportancePanel::ImportancePanel(QWidget *parent)
    : QWidget(parent)
    , m_reader(new LatestJobRunner(this))
    , m_computer(new JobRunner(this))
    , m_compute(new QPushButton(tr("Input importance…")))
    , m_cancel(new QPushButton(tr("Cancel")))
    , m_progress(new QProgressBar)
    , m_status(new QLabel)
    , m_inputs(new ImportanceChart)
    , m_lagsTitle(
          new QLabel(tr("Lags (every variable at one step; lag 1 is the last step before the forecast)")))
    , m_lags(new ImportanceChart)
{
    setObjectName(QStringLiteral("importancePanel"));
    m_compute->setObjectName(QStringLiteral("importanceButton"));
    m_compute->setToolTip(tr("Shuffle each input between the validation examples and measure how much the "
                             "run's monitored metric gets worse: the inputs the model relies on lose most. "
                             "Rebuilds the validation set and predicts it once per input and repeat."));
    m_cancel->setObjectName(QStringLiteral("importanceCancel"));
    m_progress->setObjectName(QStringLiteral("importanceProgress"));
    m_progress->setRange(0, 100);
    m_status->setObjectName(QStringLiteral("importanceStatus"));
    m_status->setWordWrap(true);
    m_inputs->setObjectName(QStringLiteral("importanceInputsChart"));
    m_lags->setObjectName(QStringLiteral("importanceLagsChart"));

    auto *controls = new QHBoxLayout;
    controls->setContentsMargins(0, 0, 0, 0);
    controls->addWidget(m_compute);
    controls->addWidget(m_progress, 1);
    controls->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_status);
    layout->addWidget(m_inputs);
    layout->addWidget(m_lagsTitle);
    layout->addWidget(m_lags);

    connect(m_compute, &QPushButton::clicked, this, &ImportancePanel::compute);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_computer->cancel();
        m_cancel->setEnabled(false);
        m_status->setText(tr("Stopping after the current batch…"));
    });
    connect(m_computer->feedback(), &Feedback::progressChanged, this,
            [this](double percent) { m_progress->setValue(int(std::lround(percent))); });
    connect(m_computer, &JobRunner::finished, this, &ImportancePanel::onComputed);
    connect(m_reader, &LatestJobRunner::finished, this, &ImportancePanel::onRead);
    setComputing(false);
    clearCharts();
}

ImportancePanel::~ImportancePanel()
{
    m_computer->cancelAndWait();
    m_reader->cancelAndWait();
}

bool ImportancePanel::isComputing() const
{
    return m_computer->isRunning();
}

bool ImportancePanel::isReading() const
{
    return m_reader->isBusy();
}

void ImportancePanel::setRunFolder(const QString &runFolder)
{
    if (runFolder == m_runFolder && (m_shown || isComputing()))
        return;
    if (isComputing())
        m_computer->cancel(); // its result belongs to the run shown before
    m_runFolder = runFolder;
    m_shown.reset();
    clearCharts();
    m_status->clear();
    m_compute->setEnabled(!runFolder.isEmpty() && !isComputing());
    if (runFolder.isEmpty())
        return;
    m_reader->request([this, runFolder] {
        m_read = std::make_shared<std::optional<PermutationImportance>>();
        return std::make_unique<FunctionJob>(tr("Reading the run's input importance"),
                                             [read = m_read, runFolder](Feedback &) {
                                                 *read = PermutationImportance::readFromRun(runFolder);
                                             });
    });
}

void ImportancePanel::onRead(const JobResult &result)
{
    if (isComputing())
        return; // the computation's result replaces what was stored
    if (!result.succeeded()) {
        m_status->setText(tr("Cannot read the stored input importance: %1").arg(result.error));
        return;
    }
    if (m_read && m_read->has_value())
        showImportance(**m_read);
}

bool ImportancePanel::compute()
{
    if (m_runFolder.isEmpty() || isComputing())
        return false;
    PermutationImportanceRequest request;
    request.runFolder = m_runFolder;
    m_job = std::make_shared<PermutationImportanceJob>(request);
    if (!m_computer->startShared(m_job)) {
        m_job.reset();
        return false;
    }
    setComputing(true);
    m_status->setText(
        tr("Rebuilding the validation set and shuffling each input %1 times…").arg(request.repeats));
    return true;
}

void ImportancePanel::onComputed(const JobResult &result)
{
    const std::shared_ptr<PermutationImportanceJob> job = std::exchange(m_job, nullptr);
    setComputing(false);
    if (job && job->runFolder() == m_runFolder) {
        if (result.succeeded())
            showImportance(job->result());
        else if (result.status == JobResult::Status::Canceled)
            m_status->setText(tr("Input importance stopped; the run's metrics.json is unchanged."));
        else
            m_status->setText(tr("Cannot compute the input importance: %1").arg(result.error));
    }
    Q_EMIT computationFinished();
}

void ImportancePanel::showImportance(const PermutationImportance &importance)
{
    m_shown = importance;
    const QString metric = importance.metric;
    m_status->setText(
        tr("%1 on the %2 validation examples: %3. Each bar is how much it gets worse when that input "
           "is shuffled between the examples (mean of %4 repeats, ± their standard deviation).")
            .arg(metric)
            .arg(importance.validationExamples)
            .arg(QString::number(importance.baseline, 'g', 4))
            .arg(importance.repeats));
    m_inputs->setImportances(importance.inputs, metric);
    m_inputs->setVisible(true);
    const bool lags = !importance.lags.empty();
    m_lags->setImportances(importance.lags, metric);
    m_lags->setVisible(lags);
    m_lagsTitle->setVisible(lags);
    Q_EMIT importanceShown();
}

void ImportancePanel::clearCharts()
{
    m_inputs->clear();
    m_lags->clear();
    m_inputs->setVisible(false);
    m_lags->setVisible(false);
    m_lagsTitle->setVisible(false);
}

void ImportancePanel::setComputing(bool computing)
{
    m_compute->setEnabled(!computing && !m_runFolder.isEmpty());
    m_progress->setVisible(computing);
    m_progress->setValue(0);
    m_cancel->setVisible(computing);
    m_cancel->setEnabled(computing);
}

} // namespace deepterra
