#pragma once

#include <QVector>
#include <QWidget>

class QCPGraph;
class QCustomPlot;
class QLabel;

namespace deepterra {

// The validation period of a forecasting run: the observations and the current model's forecast
// of them, updated after each epoch by the live preview.
class ForecastPreviewPlot : public QWidget
{
    Q_OBJECT

public:
    explicit ForecastPreviewPlot(QWidget *parent = nullptr);

    // x: milliseconds since 1970 (UTC); NaN values are gaps.
    void showForecast(const QVector<double> &timeMs, const QVector<double> &observed,
                      const QVector<double> &forecast, const QString &title);
    void clear();

    QCustomPlot *plot() const { return m_plot; }
    QCPGraph *observedGraph() const { return m_observed; }
    QCPGraph *forecastGraph() const { return m_forecast; }
    QString title() const;

private:
    QLabel *m_title;
    QCustomPlot *m_plot;
    QCPGraph *m_observed;
    QCPGraph *m_forecast;
};

} // namespace deepterra
