#include "results/classresultsview.h"

#include "jobs/functionjob.h"
#include "jobs/jobrunner.h"
#include "results/confusionheatmap.h"

#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QPixmap>
#include <QStackedWidget>
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

ClassResultsView::ClassResultsView(QWidget *parent)
    : QWidget(parent)
    , m_reader(new JobRunner(this))
    , m_title(new QLabel(this))
    , m_pages(new QStackedWidget(this))
    , m_message(new QLabel)
    , m_overall(new QLabel)
    , m_heatmap(new ConfusionHeatmap)
    , m_scores(new QTableWidget)
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
    resultsLayout->addWidget(m_scores, 2);
    m_pages->addWidget(m_message);
    m_pages->addWidget(resultsPage);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(m_pages, 1);

    connect(m_reader, &JobRunner::finished, this, &ClassResultsView::onRead);
    showMessage(tr("Choose a finished run in the runs panel, then Model ▸ Results of the Run."));
}

ClassResultsView::~ClassResultsView()
{
    m_reader->cancelAndWait();
}

bool ClassResultsView::isLoading() const
{
    return m_reader->isRunning();
}

bool ClassResultsView::hasResults() const
{
    return m_results.hasMatrix && m_pages->currentIndex() == 1;
}

void ClassResultsView::showRun(const QString &runFolder)
{
    m_runFolder = runFolder;
    m_title->setText(tr("Run %1").arg(QFileInfo(runFolder).fileName()));
    if (m_reader->isRunning()) {
        m_pending = runFolder;
        return;
    }
    startReading(runFolder);
}

void ClassResultsView::startReading(const QString &runFolder)
{
    showMessage(tr("Reading the run's results…"));
    m_read = std::make_shared<ClassRunResults>();
    m_reader->start(std::make_unique<FunctionJob>(
        tr("Reading the run's results"),
        [read = m_read, runFolder](Feedback &) { *read = ClassRunResults::load(runFolder); }));
}

void ClassResultsView::onRead(const JobResult &result)
{
    if (!m_pending.isEmpty()) {
        startReading(std::exchange(m_pending, {}));
        return;
    }
    if (!result.succeeded()) {
        m_results = ClassRunResults();
        showMessage(
            tr("Cannot show the results of %1: %2").arg(QDir::toNativeSeparators(m_runFolder), result.error));
    } else {
        m_results = std::move(*m_read);
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
                  "against persistence and climatology, and the forecast beyond the series' end).");
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
    m_heatmap->setMatrix(metrics.confusion, names, colors, segmentation ? tr("pixels") : tr("patches"));

    m_title->setText(
        tr("Run %1 · %2 · validation at the best epoch (%3)")
            .arg(QFileInfo(m_runFolder).fileName(), m_results.task)
            .arg(m_results.bestEpoch > 0 ? QString::number(m_results.bestEpoch) : tr("unknown")));
    m_overall->setText(tr("Overall accuracy %1 · mean IoU %2 · kappa %3 · macro F1 %4 · %5 validation %6")
                           .arg(scoreText(metrics.overallAccuracy), scoreText(metrics.meanIoU),
                                scoreText(metrics.kappa), scoreText(metrics.macroF1))
                           .arg(metrics.confusion.total())
                           .arg(segmentation ? tr("pixels") : tr("patches")));

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

} // namespace deepterra
