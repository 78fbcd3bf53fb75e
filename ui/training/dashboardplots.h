#pragma once

#include <QColor>
#include <QString>

#include <cstddef>

class QCPAxis;
class QCPGraph;
class QCustomPlot;
class QPen;
class QWidget;

namespace deepterra {

// What the dashboard's charts share: their look (small fonts for a dock, a legend in the top
// right corner), the run colours and the hover text.
struct DashboardPlots
{
    // matplotlib's tab10 as the series view uses it, cycling.
    static QColor color(std::size_t index);
    static QCustomPlot *createPlot(QWidget *parent, const QString &objectName, const QString &yLabel);
    static QCPGraph *addGraph(QCustomPlot *plot, const QString &name, const QPen &pen);
    // Room around the data, so that the markers at the ends (the best epoch's star) are not cut
    // by the axes; a single point or a flat curve gets a range at all.
    static void padRange(QCPAxis *axis);
    static void setLogarithmic(QCPAxis *axis, bool logarithmic);
    // Durations in seconds as minutes:seconds (the caller switches to hours for long runs), or
    // plain numbers.
    static void setTimeTicks(QCPAxis *axis, bool time);
    // One line per named, visible graph with data: "name: value" at the point nearest to `key`.
    static QString nearestValues(const QCustomPlot *plot, double key);
};

} // namespace deepterra
