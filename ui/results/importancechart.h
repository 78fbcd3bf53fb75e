#pragma once

#include "metrics/inputimportance.h"

#include <QWidget>

#include <vector>

class QCPBars;
class QCPErrorBars;
class QCustomPlot;

namespace deepterra {

// Permutation importances as horizontal bars, the most important input at the top, each with an
// error bar of ± one standard deviation over the repeats. A bar that does not clear its error bar
// is an input whose importance the repeats cannot tell from zero.
class ImportanceChart : public QWidget
{
    Q_OBJECT

public:
    explicit ImportanceChart(QWidget *parent = nullptr);

    // `entries` most important first (PermutationImportance's order); `metric` names the axis
    // ("drop in val_accuracy").
    void setImportances(const std::vector<InputImportance> &entries, const QString &metric);
    void clear();

    int barCount() const;
    // The names in the order drawn from the top.
    QStringList names() const { return m_names; }
    QCustomPlot *plot() const { return m_plot; }
    QCPBars *bars() const { return m_bars; }
    QCPErrorBars *errorBars() const { return m_errors; }

private:
    QCustomPlot *m_plot;
    QCPBars *m_bars;
    QCPErrorBars *m_errors;
    QStringList m_names;
};

} // namespace deepterra
