#pragma once

#include "results/forecastrunresults.h"

#include <QString>
#include <QWidget>

#include <memory>

class QCPGraph;
class QCPItemRect;
class QCPItemText;
class QCustomPlot;
class QLabel;
class QStackedWidget;
class QTableWidget;

namespace deepterra {

class LatestJobRunner;
struct JobResult;

// The results of a forecasting run: the observations and the run's one-step-ahead forecasts over
// the validation period, the forecast beyond the series' end with its horizon shaded, and the
// validation scores (RMSE, MAE, NSE, skill against persistence, climatology, the seasonal naive
// forecast and an AR(p) model). The network runs off the GUI thread (ForecastRunResults).
class ForecastResultsView : public QWidget
{
    Q_OBJECT

public:
    // The rows of the scores table; each value cell holds its exact value under kValueRole (NaN
    // for an undefined score; a baseline the run has not got reads "n/a").
    enum ScoreRow {
        RmseRow,
        MaeRow,
        NseRow,
        SkillPersistenceRow,
        SkillClimatologyRow,
        SkillSeasonalNaiveRow,
        SkillAutoregressiveRow,
        ScoreRowCount
    };
    static constexpr int kValueRole = Qt::UserRole + 2;

    explicit ForecastResultsView(QWidget *parent = nullptr);
    ~ForecastResultsView() override;

    // Forecasts the run in the background and shows it; loaded() follows. The latest call wins.
    void showRun(const QString &runFolder);
    const QString &runFolder() const { return m_runFolder; }
    bool isLoading() const;
    bool hasResults() const; // otherwise message() says why not

    QCustomPlot *plot() const { return m_plot; }
    QCPGraph *observedGraph() const { return m_observed; }
    QCPGraph *forecastGraph() const { return m_forecast; }
    QCPGraph *futureGraph() const { return m_future; }
    QCPItemRect *horizonSpan() const { return m_horizon; }
    QCPItemRect *testPeriodSpan() const { return m_testPeriod; }
    QTableWidget *scores() const { return m_scores; }
    QLabel *title() const { return m_title; }
    QLabel *message() const { return m_message; }
    const ForecastRunResults &results() const { return m_results; }

Q_SIGNALS:
    void loaded();

private:
    void onRead(const JobResult &result);
    void showResults();
    void showMessage(const QString &text);

    QString m_runFolder;
    LatestJobRunner *m_reader;
    std::shared_ptr<ForecastRunResults> m_read;
    ForecastRunResults m_results;
    QLabel *m_title;
    QStackedWidget *m_pages;
    QLabel *m_message;
    QLabel *m_summary;
    QCustomPlot *m_plot;
    QCPGraph *m_observed;
    QCPGraph *m_forecast;
    QCPGraph *m_future;
    QCPItemRect *m_horizon;
    QCPItemRect *m_testPeriod;
    QCPItemText *m_testLabel = nullptr;
    QTableWidget *m_scores;
};

} // namespace deepterra
