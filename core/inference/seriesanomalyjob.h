#pragma once

#include "inference/seriesanomalies.h"
#include "jobs/job.h"

#include <QString>

namespace deepterra {

struct SeriesAnomalyRequest
{
    QString runFolder; // a series-autoencoder training run (checkpoints/best.pt, metrics.json)
    // The CSV to score, with the run's input columns; empty: the series the run was trained on, read
    // as its project layer says (date column, missing-value markers).
    QString series;
    QString dateColumn; // for `series`; empty: detected
    QString output; // optional CSV: time, value, score, anomalous (SeriesAnomalies::writeCsv)
};

// Slides a series-autoencoder run's window over a whole series and maps the reconstruction errors
// back onto it (SeriesAnomalies): the series is read, gap-filled and normalised as training did, each
// complete window is reconstructed by the best checkpoint and scored as validation scored it, so that
// the threshold in the run's metrics.json applies. For the CLI and the results view.
class SeriesAnomalyJob : public Job
{
public:
    explicit SeriesAnomalyJob(SeriesAnomalyRequest request);
    QString name() const override { return QStringLiteral("Series anomalies"); }
    // Throws DataError naming the file for a run of another task, a run without a threshold, a series
    // without the run's columns or without one complete window, or an output that cannot be written.
    void run(Feedback &feedback) override;

    const SeriesAnomalyRequest &request() const { return m_request; }
    const SeriesAnomalies &result() const { return m_result; }

private:
    SeriesAnomalyRequest m_request;
    SeriesAnomalies m_result;
};

} // namespace deepterra
