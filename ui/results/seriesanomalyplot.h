#pragma once

#include <QList>
#include <QWidget>

class QCPGraph;
class QCPItemRect;
class QCPItemStraightLine;
class QCustomPlot;
class QLabel;

namespace deepterra {

struct SeriesAnomalies;

// A series autoencoder's anomalies on its series: the series over time with each anomalous period
// shaded over the full height (semi-transparent red), below it the per-step reconstruction-error
// score with the run's threshold, both on one time axis, and the periods listed (start - end, peak).
class SeriesAnomalyPlot : public QWidget
{
    Q_OBJECT

public:
    explicit SeriesAnomalyPlot(QWidget *parent = nullptr);

    void setAnomalies(const SeriesAnomalies &anomalies);
    // Instead of the plots' contents: why there is nothing (yet) to show.
    void showMessage(const QString &text);

    QCustomPlot *seriesPlot() const { return m_seriesPlot; }
    QCustomPlot *scorePlot() const { return m_scorePlot; }
    QCPGraph *seriesGraph() const { return m_series; }
    QCPGraph *scoreGraph() const { return m_score; }
    QCPItemStraightLine *thresholdLine() const { return m_threshold; }
    const QList<QCPItemRect *> &periodRects() const { return m_rects; }
    QLabel *periodsLabel() const { return m_periods; }

    // More periods than this are listed as a count: a threshold far too low would otherwise flood
    // the plot with rectangles and the label with lines.
    static constexpr int kMaxShadedPeriods = 200;
    static constexpr int kMaxListedPeriods = 8;

private:
    void clearPeriods();

    QCustomPlot *m_seriesPlot;
    QCustomPlot *m_scorePlot;
    QCPGraph *m_series;
    QCPGraph *m_score;
    QCPItemStraightLine *m_threshold;
    QList<QCPItemRect *> m_rects;
    QLabel *m_periods;
};

} // namespace deepterra
