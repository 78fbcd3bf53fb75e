#include "results/forecastresultsview.h"

#include "jobs/feedback.h"
#include "jobs/functionjob.h"
#include "jobs/latestjobrunner.h"
#include "results/importancepanel.h"
#include "results/testsplitfigures.h"
#include "series/qcustomplotinclude.h"
#include "training/dashboardplots.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>
#include <utility>

namespace deepterra {

namespace {

QString scoreText(double value)
{
    return std::isfinite(value) ? QString::number(value, 'g', 4) : QStringLiteral("–");
}

} // namespace

ForecastResultsView::ForecastResultsView(QWidget *parent)
    : QWidget(parent)
    , m_reader(new LatestJobRunner(this))
    , m_title(new QLabel(this))
    , m_pages(new QStackedWidget(this))
    , m_message(new QLabel)
    , m_summary(new QLabel)
    , m_plot(DashboardPlots::createPlot(nullptr, QStringLiteral("forecastResultsPlot"), tr("value")))
    , m_observed(DashboardPlots::addGraph(m_plot, tr("observed"), QPen(QColor(0x40, 0x40, 0x40), 1.4)))
    , m_forecast(DashboardPlots::addGraph(m_plot, tr("forecast, one step ahead"),
                                          QPen(DashboardPlots::color(1), 1.6)))
    , m_future(DashboardPlots::addGraph(m_plot, tr("forecast beyond the series"),
                                        QPen(DashboardPlots::color(2), 2.0, Qt::DashLine)))
    , m_horizon(new QCPItemRect(m_plot))
    , m_testPeriod(new QCPItemRect(m_plot))
    , m_scores(new QTableWidget(ScoreRowCount, 1))
{
    setObjectName(QStringLiteral("forecastResultsView"));
    m_title->setObjectName(QStringLiteral("forecastResultsTitle"));
    m_title->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("forecastResultsMessage"));
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_summary->setObjectName(QStringLiteral("forecastResultsSummary"));
    m_summary->setWordWrap(true);

    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeSpec(Qt::UTC);
    m_plot->xAxis->setTicker(ticker);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->legend->setVisible(true);
    // The series rises towards its end, where the horizon is: the legend goes where it started.
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    m_future->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    // The horizon: from the series' last time to the last forecast step, over the whole height.
    m_horizon->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
    m_horizon->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_horizon->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
    m_horizon->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_horizon->setPen(QPen(DashboardPlots::color(2), 1.0, Qt::DotLine));
    QColor shade = DashboardPlots::color(2);
    shade.setAlpha(40);
    m_horizon->setBrush(shade);
    m_horizon->setVisible(false);
    // The held-out test period, grey: the forecasts there are drawn on and scored in their column.
    m_testPeriod->setObjectName(QStringLiteral("testPeriodShade"));
    for (QCPItemPosition *corner : { m_testPeriod->topLeft, m_testPeriod->bottomRight }) {
        corner->setTypeX(QCPItemPosition::ptPlotCoords);
        corner->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }
    m_testPeriod->setPen(QPen(QColor(120, 120, 120), 1.0, Qt::DotLine));
    m_testPeriod->setBrush(QColor(120, 120, 120, 35));
    m_testPeriod->setVisible(false);
    m_testLabel = new QCPItemText(m_plot);
    m_testLabel->position->setTypeX(QCPItemPosition::ptPlotCoords);
    m_testLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_testLabel->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
    m_testLabel->setText(tr("test (held out)"));
    m_testLabel->setColor(QColor(90, 90, 90));
    m_testLabel->setVisible(false);

    m_scores->setObjectName(QStringLiteral("forecastScoresTable"));
    m_scores->setHorizontalHeaderLabels({ tr("Validation") });
    m_scores->setVerticalHeaderLabels({ tr("RMSE"), tr("MAE"), tr("NSE"), tr("Skill vs persistence"),
                                        tr("Skill vs climatology"), tr("Skill vs seasonal naive"),
                                        tr("Skill vs AR(p)") });
    m_scores->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_scores->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_scores->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_scores->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scores->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_scores->setToolTip(
        tr("Over every horizon step of the validation windows, as training scored them. NSE: 1 is "
           "perfect, 0 no better than the observed mean. Skill = 1 - MSE / MSE of the baseline: "
           "persistence repeats the value at the forecast origin, climatology is the training "
           "period's mean for the season, seasonal naive repeats the value one season earlier, AR(p) "
           "is an autoregressive model fitted on the training period (order by AIC). 0 is no better "
           "than the baseline, negative worse; n/a: the run has no such baseline."));

    auto *resultsPage = new QWidget;
    auto *resultsLayout = new QVBoxLayout(resultsPage);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    resultsLayout->addWidget(m_summary);
    resultsLayout->addWidget(m_plot, 3);
    resultsLayout->addWidget(m_scores);
    resultsLayout->addWidget(ImportancePanel::following(this));
    m_pages->addWidget(m_message);
    m_pages->addWidget(resultsPage);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(m_pages, 1);

    connect(m_reader, &LatestJobRunner::finished, this, &ForecastResultsView::onRead);
    showMessage(tr("Choose a finished forecasting run in the runs panel, then Model ▸ Results of the Run."));
}

ForecastResultsView::~ForecastResultsView()
{
    m_reader->cancelAndWait();
}

bool ForecastResultsView::isLoading() const
{
    return m_reader->isBusy();
}

bool ForecastResultsView::hasResults() const
{
    return m_pages->currentIndex() == 1;
}

void ForecastResultsView::showRun(const QString &runFolder)
{
    m_runFolder = runFolder;
    m_title->setText(tr("Run %1").arg(QFileInfo(runFolder).fileName()));
    m_reader->request([this, runFolder] {
        showMessage(tr("Forecasting the validation period and beyond the series' end…"));
        m_read = std::make_shared<ForecastRunResults>();
        return std::make_unique<FunctionJob>(tr("Forecasting the run's validation period"),
                                             [read = m_read, runFolder](Feedback &feedback) {
                                                 *read = ForecastRunResults::load(runFolder, &feedback);
                                             });
    });
}

void ForecastResultsView::onRead(const JobResult &result)
{
    if (!result.succeeded()) {
        m_results = ForecastRunResults();
        showMessage(
            tr("Cannot show the results of %1: %2").arg(QDir::toNativeSeparators(m_runFolder), result.error));
    } else {
        m_results = std::move(*m_read);
        if (m_results.validationTimesMs.isEmpty())
            showMessage(tr("The run has no validation window whose targets are all observed."));
        else
            showResults();
    }
    m_read.reset();
    Q_EMIT loaded();
}

void ForecastResultsView::showResults()
{
    const ForecastRunResults &r = m_results;
    // QCustomPlot's date axis counts seconds.
    auto seconds = [](const QVector<double> &ms) {
        QVector<double> keys;
        keys.reserve(ms.size());
        for (double t : ms)
            keys.append(t / 1000.0);
        return keys;
    };
    // Validation, then the held-out test period: one line each for the observed and the forecast.
    m_observed->setData(seconds(r.validationTimesMs + r.testTimesMs), r.validationObserved + r.testObserved,
                        true);
    m_forecast->setData(seconds(r.validationTimesMs + r.testTimesMs), r.validationForecast + r.testForecast,
                        true);
    const bool haveTest = r.testEndMs > r.testStartMs;
    m_testPeriod->setVisible(haveTest);
    m_testLabel->setVisible(haveTest);
    if (haveTest) {
        m_testPeriod->topLeft->setCoords(r.testStartMs / 1000.0, 0.0);
        m_testPeriod->bottomRight->setCoords(r.testEndMs / 1000.0, 1.0);
        m_testLabel->position->setCoords((r.testStartMs + r.testEndMs) / 2000.0, 0.02);
    }
    m_future->setData(seconds(r.futureTimesMs), r.futureForecast, true);
    const bool haveFuture = !r.futureTimesMs.isEmpty();
    m_horizon->setVisible(haveFuture);
    if (haveFuture) {
        m_horizon->topLeft->setCoords(r.seriesEndMs / 1000.0, 0.0);
        m_horizon->bottomRight->setCoords(r.futureTimesMs.last() / 1000.0, 1.0);
    }
    const double first = r.validationTimesMs.first() / 1000.0;
    const double last = (haveFuture ? r.futureTimesMs.last() : r.validationTimesMs.last()) / 1000.0;
    auto ticker = m_plot->xAxis->ticker().dynamicCast<QCPAxisTickerDateTime>();
    ticker->setDateTimeFormat(last - first > 3 * 365 * 86400.0  ? QStringLiteral("yyyy")
                                  : last - first > 60 * 86400.0 ? QStringLiteral("MMM yyyy")
                                                                : QStringLiteral("d MMM\nhh:mm"));
    m_plot->rescaleAxes(true);
    DashboardPlots::padRange(m_plot->yAxis);
    m_plot->replot(QCustomPlot::rpQueuedReplot);

    const ForecastEvaluation &e = r.evaluation;
    const double values[ScoreRowCount]
        = { e.model.rmse,           e.model.mae,          e.model.nse,
            e.skillVsPersistence,   e.skillVsClimatology, e.skillVsSeasonalNaive,
            e.skillVsAutoregressive };
    const bool withSeasonal = !r.seasonalNaive.isEmpty();
    const bool withAutoregressive = !r.autoregressive.isEmpty();
    m_scores->verticalHeaderItem(SkillSeasonalNaiveRow)
        ->setText(withSeasonal ? tr("Skill vs seasonal naive (%1 steps)").arg(r.seasonalNaive.seasonLength())
                               : tr("Skill vs seasonal naive"));
    m_scores->verticalHeaderItem(SkillAutoregressiveRow)
        ->setText(withAutoregressive ? tr("Skill vs AR(%1)").arg(r.autoregressive.order())
                                     : tr("Skill vs AR(p)"));
    // The held-out test split beside validation, when the run has one.
    static const char *const kTestKeys[ScoreRowCount] = { "test_rmse",
                                                          "test_mae",
                                                          "test_nse",
                                                          "test_skill_persistence",
                                                          "test_skill_climatology",
                                                          "test_skill_seasonal_naive",
                                                          "test_skill_autoregressive" };
    const bool withTest = !r.test.isEmpty();
    m_scores->setColumnCount(withTest ? 2 : 1);
    m_scores->setHorizontalHeaderLabels(withTest ? QStringList { tr("Validation"), tr("Test (held out)") }
                                                 : QStringList { tr("Validation") });
    for (int row = 0; row < ScoreRowCount; ++row) {
        const bool leftOut = (row == SkillSeasonalNaiveRow && !withSeasonal)
            || (row == SkillAutoregressiveRow && !withAutoregressive);
        for (int column = 0; column < m_scores->columnCount(); ++column) {
            const double value
                = column == 0 ? values[row] : TestSplitFigures::score(r.test, QLatin1String(kTestKeys[row]));
            auto *item = new QTableWidgetItem(leftOut ? tr("n/a") : scoreText(value));
            item->setData(kValueRole, value);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_scores->setItem(row, column, item);
        }
    }
    // Every score in sight, without a scroll bar.
    m_scores->setFixedHeight(m_scores->horizontalHeader()->height() + m_scores->verticalHeader()->length()
                             + 2 * m_scores->frameWidth());
    const QString end = QDateTime::fromMSecsSinceEpoch(qint64(r.seriesEndMs), Qt::UTC).toString(Qt::ISODate);
    m_summary->setText(
        tr("%1: %2 validation forecasts (%3 step(s) ahead, %4 scored values); the shaded span "
           "is the forecast horizon after the series' end (%5). Climatology: %6. Seasonal naive: %7. "
           "Autoregressive: %8.")
            .arg(r.column)
            .arg(r.validationTimesMs.size())
            .arg(r.horizon)
            .arg(e.model.count)
            .arg(end)
            .arg(r.climatology.season() == Season::None
                     ? tr("the training mean")
                     : tr("the training mean per %1").arg(seasonName(r.climatology.season())))
            .arg(withSeasonal ? tr("the value %1 steps earlier").arg(r.seasonalNaive.seasonLength())
                              : tr("none (no season, or less than one season of training)"))
            .arg(withAutoregressive
                     ? tr("AR(%1), the order by AIC up to %2, fitted on %3 steps of the training period")
                           .arg(r.autoregressive.order())
                           .arg(r.autoregressive.maxOrder())
                           .arg(r.autoregressive.rowCount())
                     : tr("none (%1)").arg(r.autoregressive.note()))
        + (r.test.isEmpty() ? QString() : QLatin1Char(' ') + TestSplitFigures::note(r.test))
        + (r.testTimesMs.isEmpty() ? QString()
                                   : tr(" The grey span is the test period, with its %1 one-step forecasts.")
                                         .arg(r.testTimesMs.size())));
    m_pages->setCurrentIndex(1);
}

void ForecastResultsView::showMessage(const QString &text)
{
    m_message->setText(text);
    m_pages->setCurrentIndex(0);
}

} // namespace deepterra
