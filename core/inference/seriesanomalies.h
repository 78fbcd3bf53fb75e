#pragma once

#include <QDateTime>
#include <QString>

#include <limits>
#include <vector>

namespace deepterra {

// A maximal run of anomalous time steps (rows firstRow..lastRow of the series).
struct SeriesAnomalyPeriod
{
    int firstRow = 0;
    int lastRow = 0;
    QDateTime start;
    QDateTime end;
    double peakError = 0.0; // the largest error of the windows overlapping the period
    int windows = 0; // windows overlapping the period whose error exceeds the threshold
};

// A series autoencoder's reconstruction errors mapped back onto the series. Every complete window
// (as training made them: `lookback` rows free of missing values after gap filling) has one error,
// the mean squared difference of its normalised values and their reconstruction, the unit of the
// run's threshold. A time step's score is the smallest error of the windows covering it (NaN where
// none does), and a step is anomalous when that score exceeds the threshold: when no window that sees
// the step escapes the threshold. A window's error cannot say where in the window the anomaly lies, so
// flagging a step when any (or, on average, the) covering window exceeds the threshold would flag the
// lookback - 1 normal steps on either side of a short anomaly; the minimum flags a level shift or a
// spike over its own steps. The price: an anomaly that only some of the windows containing it
// reconstruct badly is not flagged.
struct SeriesAnomalies
{
    QString source; // the series file
    QString column; // the column in `values` (the model's first input)
    int lookback = 0;
    double threshold = std::numeric_limits<double>::quiet_NaN();
    std::vector<QDateTime> times;
    std::vector<double> values; // `column`, gap-filled as training fills it
    std::vector<int> windowStarts; // first row of each complete window
    std::vector<double> windowErrors;
    std::vector<double> scores; // per row
    std::vector<SeriesAnomalyPeriod> periods;

    bool isAnomalous(int row) const { return scores[std::size_t(row)] > threshold; }
    int anomalousSteps() const;
    int windowsAboveThreshold() const;

    // Fills scores and periods from times, windowStarts, windowErrors, lookback and threshold.
    void score();
    // Writes "time,value,score,anomalous" (ISO 8601 UTC; score empty where no window covers the step,
    // anomalous 0 or 1). Throws DataError naming the file when it cannot be written.
    void writeCsv(const QString &path) const;
};

} // namespace deepterra
