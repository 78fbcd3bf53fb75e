#pragma once

#include "metrics/calibration.h"

#include <QString>
#include <QWidget>

class QCPBars;
class QCPGraph;
class QCPItemStraightLine;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QStackedWidget;

namespace deepterra {

// A classifier's calibration on the validation set: per confidence bin, the share predicted right
// (a point at the bin's mean confidence) against the diagonal of perfect calibration, over a thin
// histogram of how many samples each bin holds; above it the expected and maximum calibration
// errors. Points below the diagonal are over-confident bins. Hovering over a bin tells its numbers.
class ReliabilityDiagram : public QWidget
{
    Q_OBJECT

public:
    explicit ReliabilityDiagram(QWidget *parent = nullptr);

    // `unit` is what is counted, plural ("pixels", "patches").
    void setCalibration(const Calibration &calibration, const QString &unit);
    // Instead of a diagram, one line saying why there is none (a run trained before calibration
    // was recorded).
    void showMessage(const QString &text);

    bool hasCalibration() const { return m_hasCalibration; }
    const Calibration &calibration() const { return m_calibration; }
    // The ECE the summary shows; NaN without a calibration.
    double expectedCalibrationError() const;
    // "0.800–0.867: 1234 pixels, mean confidence 0.835, accuracy 0.790"; empty for a bin outside
    // the calibration.
    QString binText(int bin) const;

    QLabel *summary() const { return m_summary; }
    QLabel *message() const { return m_message; }
    QCustomPlot *plot() const { return m_plot; }
    // One point per non-empty bin: (mean confidence, accuracy).
    QCPGraph *accuracyPoints() const { return m_points; }
    // The share of the samples in each bin, at the bin's centre, on the hidden right axis.
    QCPBars *sampleShares() const { return m_shares; }
    QCPItemStraightLine *diagonal() const { return m_diagonal; }

private:
    void showBinUnder(QMouseEvent *event);

    Calibration m_calibration;
    bool m_hasCalibration = false;
    QString m_unit;
    QStackedWidget *m_pages;
    QLabel *m_message;
    QLabel *m_summary;
    QCustomPlot *m_plot;
    QCPBars *m_shares;
    QCPGraph *m_points;
    QCPItemStraightLine *m_diagonal;
};

} // namespace deepterra
