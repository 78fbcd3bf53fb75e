#include "results/classresultsview.h"

#include "common/dataerror.h"
#include "inference/validationclasspairsjob.h"
#include "jobs/functionjob.h"
#include "jobs/jobrunner.h"
#include "jobs/latestjobrunner.h"
#include "project/project.h"
#include "results/confusionheatmap.h"
#include "results/importancepanel.h"
#include "results/reliabilitydiagram.h"
#include "training/runfolder.h"
#include "workspace/projectcontroller.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QIcon>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPixmap>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace deepterra {

namespace {

QString scoreText(double value)
{
    return std::isfinite(value) ? QString::number(value, 'f', 3) : QStringLiteral("–");
}

QTableWidgetItem *scoreItem(double value)
{
    auto *item = new QTableWidgetItem(scoreText(value));
    item->setData(ClassResultsView::kValueRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QColor toColor(const ColorEntry &c)
{
    return QColor(c.red, c.green, c.blue, c.alpha);
}

} // namespace

ClassResultsView::ClassResultsView(ProjectController *project, QWidget *parent)
    : QWidget(parent)
    , m_reader(new LatestJobRunner(this))
    , m_title(new QLabel(this))
    , m_pages(new QStackedWidget(this))
    , m_message(new QLabel)
    , m_overall(new QLabel)
    , m_heatmap(new ConfusionHeatmap)
    , m_scores(new QTableWidget)
    , m_reliability(new ReliabilityDiagram)
    , m_detailTabs(new QTabWidget)
    , m_mapStatus(new QLabel)
    , m_project(project)
    , m_mapper(new JobRunner(this))
{
    setObjectName(QStringLiteral("classResultsView"));
    m_title->setObjectName(QStringLiteral("resultsTitle"));
    m_title->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("resultsMessage"));
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_overall->setObjectName(QStringLiteral("resultsOverall"));
    m_overall->setWordWrap(true);
    m_overall->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_scores->setObjectName(QStringLiteral("classScoresTable"));
    m_scores->setColumnCount(ScoreColumnCount);
    m_scores->setHorizontalHeaderLabels({ tr("Class"), tr("Precision\n(user's acc.)"),
                                          tr("Recall\n(producer's acc.)"), tr("F1"), tr("IoU"),
                                          tr("Support") });
    m_scores->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_scores->verticalHeader()->hide();
    m_scores->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_scores->setToolTip(tr("Precision: the share of the pixels predicted as the class that are the class "
                            "(user's accuracy). Recall: the share of the class's pixels found (producer's "
                            "accuracy). A dash is a score without pixels to define it."));

    auto *resultsPage = new QWidget;
    auto *resultsLayout = new QVBoxLayout(resultsPage);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    resultsLayout->addWidget(m_overall);
    resultsLayout->addWidget(m_heatmap, 3);
    m_mapStatus->setObjectName(QStringLiteral("validationMapStatus"));
    m_mapStatus->setWordWrap(true);
    resultsLayout->addWidget(m_mapStatus);
    m_detailTabs->setObjectName(QStringLiteral("classResultsTabs"));
    m_detailTabs->addTab(m_scores, tr("Per class"));
    m_detailTabs->addTab(m_reliability, tr("Calibration"));
    m_detailTabs->setTabToolTip(1,
                                tr("How far the model's confidence can be trusted: the reliability "
                                   "diagram of the validation set"));
    resultsLayout->addWidget(m_detailTabs, 2);
    resultsLayout->addWidget(ImportancePanel::following(this));
    m_pages->addWidget(m_message);
    m_pages->addWidget(resultsPage);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(m_pages, 1);

    connect(m_reader, &LatestJobRunner::finished, this, &ClassResultsView::onRead);
    connect(m_mapper, &JobRunner::finished, this, &ClassResultsView::onPairsMapped);
    connect(m_heatmap, &ConfusionHeatmap::cellChosen, this, &ClassResultsView::onCellChosen);
    showMessage(tr("Choose a finished run in the runs panel, then Model ▸ Results of the Run."));
}

ClassResultsView::~ClassResultsView()
{
    m_mapper->cancelAndWait();
    m_reader->cancelAndWait();
}

bool ClassResultsView::isMapping() const
{
    return m_mapper->isRunning();
}

bool ClassResultsView::isLoading() const
{
    return m_reader->isBusy();
}

bool ClassResultsView::hasResults() const
{
    return m_results.hasMatrix && m_pages->currentIndex() == 1;
}

void ClassResultsView::showRun(const QString &runFolder)
{
    m_runFolder = runFolder;
    // Asked again on the next cell: the job reuses the raster unless best.pt is newer than it.
    m_pairsRun.clear();
    m_pairsRaster.clear();
    m_title->setText(tr("Run %1").arg(QFileInfo(runFolder).fileName()));
    m_reader->request([this, runFolder] {
        showMessage(tr("Reading the run's results…"));
        m_read = std::make_shared<ReadRun>();
        return std::make_unique<FunctionJob>(
            tr("Reading the run's results"),
            [read = m_read, runFolder](Feedback &) { readRun(*read, runFolder); });
    });
}

void ClassResultsView::readRun(ReadRun &read, const QString &runFolder)
{
    read.results = ClassRunResults::load(runFolder);
    if (!read.results.hasMatrix)
        return;
    // ClassRunResults::load has just read this file: it exists and is a JSON object.
    const QString path = RunFolder(runFolder).filePath(QStringLiteral("metrics.json"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QJsonValue calibration = QJsonDocument::fromJson(file.readAll())
                                       .object()
                                       .value(QStringLiteral("details"))
                                       .toObject()
                                       .value(QStringLiteral("calibration"));
    if (!calibration.isObject())
        return; // trained before calibration was recorded
    try {
        read.calibration = Calibration::fromJson(calibration.toObject(), path);
    } catch (const DataError &error) {
        // The rest of the results stand without it.
        read.calibrationProblem = error.message();
    }
}

void ClassResultsView::onRead(const JobResult &result)
{
    m_calibration.reset();
    m_calibrationProblem.clear();
    if (!result.succeeded()) {
        m_results = ClassRunResults();
        showMessage(
            tr("Cannot show the results of %1: %2").arg(QDir::toNativeSeparators(m_runFolder), result.error));
    } else {
        m_results = std::move(m_read->results);
        m_calibration = std::move(m_read->calibration);
        m_calibrationProblem = std::move(m_read->calibrationProblem);
        if (!ClassRunResults::isClassTask(m_results.task))
            showMessage(otherTaskViews(m_results.task));
        else if (!m_results.hasMatrix)
            showMessage(m_results.problem);
        else
            showResults();
    }
    m_read.reset();
    Q_EMIT loaded();
}

void ClassResultsView::showMessage(const QString &text)
{
    m_message->setText(text);
    m_pages->setCurrentIndex(0);
}

QString ClassResultsView::otherTaskViews(const QString &task)
{
    if (task == QLatin1String("forecasting"))
        return tr("This is a forecasting run: Model ▸ Results of the Run shows it in the forecast results "
                  "view (observed against predicted over the validation period, RMSE, MAE, NSE, skill "
                  "against persistence, climatology, the seasonal naive forecast and an AR(p) model, and "
                  "the forecast beyond the series' end).");
    if (task == QLatin1String("raster-autoencoder") || task == QLatin1String("series-autoencoder"))
        return tr("This is an autoencoder run: Model ▸ Results of the Run shows it in the autoencoder "
                  "results view (the reconstruction-error histogram with the anomaly threshold and the "
                  "share of validation errors above it; for raster autoencoders, \"Map anomalies\" adds "
                  "the anomaly map as a layer).");
    return tr("The results view shows class runs (segmentation, patch classification); this run's task "
              "(%1) has no results view.")
        .arg(task.isEmpty() ? tr("unknown") : task);
}

void ClassResultsView::showResults()
{
    const ClassificationMetrics &metrics = m_results.metrics;
    const int n = metrics.confusion.classes();
    QStringList names;
    QVector<QColor> colors;
    for (int c = 0; c < n; ++c) {
        const bool known = c < m_results.classes.size();
        names << (known ? m_results.classes.entries[std::size_t(c)].name : QString());
        colors << (known ? toColor(m_results.classes.entries[std::size_t(c)].color) : QColor());
    }
    const bool segmentation = m_results.task == QLatin1String("segmentation");
    m_chosenTruth = m_chosenPredicted = -1;
    m_mapStatus->setText(!m_project ? QString()
                             : segmentation
                             ? tr("Choose a cell to see where its validation pixels are on the map.")
                             : tr("Choose a cell to see where its validation patches are on the map."));
    m_heatmap->setMatrix(metrics.confusion, names, colors, segmentation ? tr("pixels") : tr("patches"));

    m_title->setText(
        tr("Run %1 · %2 · validation at the best epoch (%3)")
            .arg(QFileInfo(m_runFolder).fileName(), m_results.task)
            .arg(m_results.bestEpoch > 0 ? QString::number(m_results.bestEpoch) : tr("unknown")));
    QString overall = tr("Overall accuracy %1 · mean IoU %2 · kappa %3 · macro F1 %4 · %5 validation %6")
                          .arg(scoreText(metrics.overallAccuracy), scoreText(metrics.meanIoU),
                               scoreText(metrics.kappa), scoreText(metrics.macroF1))
                          .arg(metrics.confusion.total())
                          .arg(segmentation ? tr("pixels") : tr("patches"));
    if (m_calibration)
        overall
            += tr(" · calibration error (ECE) %1").arg(scoreText(m_calibration->expectedCalibrationError()));
    if (!m_results.testSplit.isEmpty())
        overall += QLatin1Char('\n') + m_results.testSplit;
    m_overall->setText(overall);
    showCalibration();

    m_scores->setRowCount(n);
    for (int c = 0; c < n; ++c) {
        const ClassMetrics &m = metrics.perClass[std::size_t(c)];
        auto *name = new QTableWidgetItem(names.at(c).isEmpty() ? tr("class %1").arg(c) : names.at(c));
        if (colors.at(c).isValid()) {
            QPixmap pixmap(12, 12);
            pixmap.fill(colors.at(c));
            name->setIcon(QIcon(pixmap));
        }
        m_scores->setItem(c, ClassColumn, name);
        m_scores->setItem(c, PrecisionColumn, scoreItem(m.precision));
        m_scores->setItem(c, RecallColumn, scoreItem(m.recall));
        m_scores->setItem(c, F1Column, scoreItem(m.f1));
        m_scores->setItem(c, IoUColumn, scoreItem(m.iou));
        auto *support = new QTableWidgetItem(QString::number(m.support));
        support->setData(kValueRole, double(m.support));
        support->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_scores->setItem(c, SupportColumn, support);
    }
    m_pages->setCurrentIndex(1);
}

void ClassResultsView::showCalibration()
{
    if (m_calibration)
        m_reliability->setCalibration(
            *m_calibration, m_results.task == QLatin1String("segmentation") ? tr("pixels") : tr("patches"));
    else if (!m_calibrationProblem.isEmpty())
        m_reliability->showMessage(tr("Calibration cannot be shown: %1").arg(m_calibrationProblem));
    else
        m_reliability->showMessage(
            tr("Calibration not recorded for this run (trained before Deepterra recorded calibration)."));
}

void ClassResultsView::onCellChosen(int truth, int predicted)
{
    if (!m_project || !m_project->project() || !hasResults()
        || (m_results.task != QLatin1String("segmentation")
            && m_results.task != QLatin1String("patch-classification")))
        return;
    m_chosenTruth = truth;
    m_chosenPredicted = predicted;
    if (m_pairsRun == m_runFolder && !m_pairsRaster.isEmpty()) {
        showValidationCell();
        return;
    }
    if (m_mapper->isRunning())
        return; // the cell is shown when the mapping in progress ends
    m_mapping = std::make_shared<ValidationClassPairsJob>(m_runFolder);
    if (!m_mapper->startShared(m_mapping)) {
        m_mapping.reset();
        return;
    }
    m_mapStatus->setText(tr("Predicting the validation patches once to map their pixels…"));
}

void ClassResultsView::onPairsMapped(const JobResult &result)
{
    const std::shared_ptr<ValidationClassPairsJob> job = std::exchange(m_mapping, nullptr);
    if (!job)
        return;
    if (!result.succeeded()) {
        m_mapStatus->setText(result.status == JobResult::Status::Canceled
                                 ? tr("Mapping the validation pixels stopped.")
                                 : tr("Cannot map the validation pixels: %1").arg(result.error));
        return;
    }
    if (QFileInfo(job->output()).absolutePath() != QFileInfo(m_runFolder).absoluteFilePath()) {
        // Another run was chosen meanwhile: map that one for the cell chosen since.
        if (m_chosenTruth >= 0)
            onCellChosen(m_chosenTruth, m_chosenPredicted);
        return;
    }
    m_pairsRun = m_runFolder;
    m_pairsRaster = job->output();
    if (m_chosenTruth >= 0)
        showValidationCell();
}

void ClassResultsView::showValidationCell()
{
    const int classes = m_results.metrics.confusion.classes();
    const auto className = [this](int c) {
        return c < m_results.classes.size() && !m_results.classes.entries[std::size_t(c)].name.isEmpty()
            ? m_results.classes.entries[std::size_t(c)].name
            : tr("class %1").arg(c);
    };
    // Every pair of the raster is listed, all but the chosen one transparent: a later choice only
    // changes the style, never the file.
    const int chosen = ValidationClassPairsJob::pairValue(m_chosenTruth, m_chosenPredicted, classes);
    QJsonArray entries;
    for (int t = 0; t < classes; ++t)
        for (int p = 0; p < classes; ++p) {
            const int value = ValidationClassPairsJob::pairValue(t, p, classes);
            entries.append(QJsonObject {
                { QStringLiteral("value"), value },
                { QStringLiteral("name"), tr("%1 as %2").arg(className(t), className(p)) },
                { QStringLiteral("color"),
                  value == chosen ? QStringLiteral("#ff00ff") : QStringLiteral("#00000000") } });
        }
    ProjectLayer layer;
    layer.name = tr("Validation: %1 as %2").arg(className(m_chosenTruth), className(m_chosenPredicted));
    layer.kind = LayerKind::Prediction;
    layer.path = m_pairsRaster;
    layer.style = { { QStringLiteral("renderer"), QStringLiteral("classes") },
                    { QStringLiteral("classes"), entries } };
    // The layer's name says which cell it shows, and the project has no renaming: replace the
    // previous cell's layer (the file is small; it is read again, not predicted again).
    if (!m_validationLayerId.isEmpty() && m_project->project()->layer(m_validationLayerId))
        m_project->removeLayer(m_validationLayerId);
    layer.id = QStringLiteral("validation-class-pairs");
    m_validationLayerId = m_project->addLayer(layer);
    m_mapStatus->setText((m_results.task == QLatin1String("segmentation")
                              ? tr("%1 pixels shown on the map as the layer \"%2\".")
                              : tr("%1 patches shown on the map as the layer \"%2\" (each as the stride-wide "
                                   "cell at its centre)."))
                             .arg(m_results.metrics.confusion.at(m_chosenTruth, m_chosenPredicted))
                             .arg(layer.name));
    Q_EMIT validationLayerShown(m_validationLayerId);
}

} // namespace deepterra
