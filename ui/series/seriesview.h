#pragma once

#include "series/netcdfvariable.h"
#include "series/timeseries.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QCPGraph;
class QCustomPlot;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QToolButton;

namespace deepterra {

// Time series plotted with QCustomPlot: a date axis, one line per variable (ticked on and off in
// the list beside the plot), missing values as gaps with a shaded band and counted in the legend.
// Drag to pan, wheel to zoom, double-click to see everything. For a NetCDF cube, a bar above the
// plot picks the variable and a point or an area on the map whose series to extract.
class SeriesView : public QWidget
{
    Q_OBJECT

public:
    explicit SeriesView(QWidget *parent = nullptr);

    // Replaces what the plot shows with every column of `series`.
    void showSeries(const QString &title, const TimeSeries &series);
    // Adds the columns of `series` beside what is shown, labelled `label` (an extracted series).
    void addSeries(const QString &label, const TimeSeries &series);
    void clear();
    void showMessage(const QString &message);

    // Shows the cube bar for `variables` with `variable` chosen; hides it for an empty list.
    void setCube(const QString &layerName, const std::vector<NetCdfVariable> &variables,
                 const QString &variable);
    QString currentVariable() const;
    // Enables "Add as Series Layer" for the last extracted series, described in its tooltip;
    // an empty description disables it.
    void offerLayer(const QString &description);

    QCustomPlot *plot() const { return m_plot; }
    QStringList graphNames() const;
    int missingCount(int graph) const;

Q_SIGNALS:
    void pickPointRequested();
    void pickAreaRequested();
    void variableChanged(const QString &variable);
    void addLayerRequested();

private:
    void addColumn(const QString &name, const std::vector<QDateTime> &times, const TimeSeriesColumn &column);
    void shadeMissing(const std::vector<QDateTime> &times, const TimeSeriesColumn &column,
                      const QColor &color);
    void rescale();
    void onItemChanged(QListWidgetItem *item);

    QCustomPlot *m_plot = nullptr;
    QListWidget *m_list = nullptr;
    QLabel *m_title = nullptr;
    QWidget *m_cubeBar = nullptr;
    QLabel *m_cubeLabel = nullptr;
    QComboBox *m_variables = nullptr;
    QToolButton *m_addLayer = nullptr;
    std::vector<int> m_missing; // per graph
    QString m_yLabel; // the cube variable's name and units
    bool m_populating = false;
};

} // namespace deepterra
