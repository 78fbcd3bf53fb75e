#pragma once

#include <QString>
#include <QtGlobal>

#include <limits>
#include <vector>

namespace deepterra {

// What the results view of an autoencoder run shows, read from its folder: the distribution of the
// validation reconstruction errors (one error per validation patch or window, as training scored
// the best epoch: metrics.json › details › reconstruction) and the anomaly threshold the run chose
// from it. Reads files: load it off the GUI thread.
struct AutoencoderRunResults
{
    QString runFolder;
    QString task; // "raster-autoencoder" or "series-autoencoder"
    QString image; // the raster the run was trained on (raster autoencoders); empty when unknown
    qint64 count = 0; // validation errors summarized
    std::vector<double> histogramEdges; // bins + 1 edges
    std::vector<qint64> histogramCounts;
    double mean = std::numeric_limits<double>::quiet_NaN();
    double thresholdPercentile = 99.0;
    double threshold = std::numeric_limits<double>::quiet_NaN();
    double anomalyFraction = std::numeric_limits<double>::quiet_NaN(); // share of errors > threshold
    QString testSplit; // TestSplitFigures of the run; empty without a test split

    bool isRaster() const { return task == QLatin1String("raster-autoencoder"); }
    // The validation errors above the threshold: anomalyFraction of count, as a count.
    qint64 anomalousCount() const;

    // Throws DataError naming the file for a run that is not an autoencoder run, or whose
    // metrics.json holds no reconstruction errors (stopped before its first validation).
    static AutoencoderRunResults load(const QString &runFolder);
};

} // namespace deepterra
