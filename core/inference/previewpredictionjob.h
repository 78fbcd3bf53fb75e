#pragma once

#include "geodata/crsinfo.h"
#include "inference/predictedwindow.h"
#include "jobs/job.h"

#include <QRect>
#include <QRectF>
#include <QString>

#include <memory>

namespace deepterra {

// What the live preview of a training run predicts: the part of the training image that the map
// shows, with the run's latest checkpoint.
struct PreviewRequest
{
    QString runFolder;
    QString checkpoint = QStringLiteral("last.pt");
    QString image; // the raster the run was trained on (or any with the same bands)
    QRectF mapExtent; // what the map shows, in mapCrs; empty = the whole image
    CrsInfo mapCrs; // invalid: the map has the image's coordinates
    // Where the window's class map (or reconstruction-error map) is saved as a GeoTIFF once it is
    // predicted in memory: a file, a /vsimem/ path, or empty to keep it in memory only.
    QString output;
    // Pixels of the window's longer side at most: a zoomed-out view of a large image is cut to the
    // part around the view's centre, so that a preview stays cheap whatever the image's size.
    int maxSize = 1024;
    int threads = 1; // LibTorch threads of the preview; the training keeps the others
};

// Predicts the visible window of a training image with a run's current weights into memory
// (RasterPredictor::predictInMemory on a virtual raster cut out of the image), for the map's live
// prediction layer. The saved GeoTIFF is moved into place whole, so the map never reads a
// half-written preview.
class PreviewPredictionJob : public Job
{
public:
    explicit PreviewPredictionJob(PreviewRequest request);
    QString name() const override { return QStringLiteral("Live prediction"); }
    // Throws DataError when the run has no checkpoint yet, the view does not overlap the image,
    // or the prediction fails; JobCanceled when cancelled.
    void run(Feedback &feedback) override;

    // The image's pixels that were predicted, once run() has finished.
    const QRect &window() const { return m_window; }
    // The prediction, once run() has finished.
    std::shared_ptr<const PredictedWindow> prediction() const { return m_prediction; }
    double seconds() const { return m_seconds; }

    // The image's pixel window under a map extent (clipped to the image, capped at maxSize around
    // the extent's centre); empty when they do not overlap.
    static QRect windowFor(const QString &image, const QRectF &mapExtent, const CrsInfo &mapCrs, int maxSize);

private:
    PreviewRequest m_request;
    QRect m_window;
    std::shared_ptr<const PredictedWindow> m_prediction;
    double m_seconds = 0.0;
};

} // namespace deepterra
