#pragma once

#include "series/gapfillmethod.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace deepterra {

enum class TaskKind {
    Segmentation, // per-pixel classes from image patches (U-Net)
    PatchClassification, // one class per patch (CNN)
    Forecasting, // future values of series (LSTM/GRU)
    RasterAutoencoder, // reconstruct image patches (anomaly maps)
    SeriesAutoencoder, // reconstruct series windows (anomalous periods)
};

enum class SplitKind { Random, SpatialBlocks, Chronological };
enum class NormalizationKind { MeanStd, PercentileMinMax };
enum class SceneLabelRule { Majority, Center };

struct SplitConfig
{
    SplitKind kind = SplitKind::SpatialBlocks;
    double validationFraction = 0.2;
    // Held out before anything else and never seen by training, early stopping or the choice of the
    // best epoch: the best checkpoint is evaluated on it once, after training. 0 = no test split.
    // Series: the last windows; rasters: whole blocks (or random patches) with their buffer.
    double testFraction = 0.0;
    int blockSize = 0; // spatial blocks, pixels; 0 = 2 x patch size
    int buffer = -1; // pixels between training and validation patches; -1 = none may overlap (patch size)
    // Spatial blocks: choose validation blocks so that every class gets validation examples where
    // the blocks allow it, instead of drawing blocks blindly (few polygons can leave a class out).
    bool stratified = false;
    // Cross-validation: with folds >= 2, what the test side leaves is dealt into `folds` folds and
    // fold `fold` (0-based) validates, the others train (validationFraction is not used). A
    // project's folds are what CrossValidationJob and the split preview use; a single training run
    // keeps the validation split, only a fold's run records both. Rasters:
    // whole blocks (or random patches) per fold, with the buffer; series: rolling origins, fold f
    // validating the (f+1)-th of folds + 1 equal periods and training on everything before it.
    int folds = 0;
    int fold = 0;
};

struct RasterTaskConfig
{
    QString imageLayer; // project layer id
    std::vector<int> bands; // 1-based; empty = all
    QString demLayer; // optional DEM layer for extra channels
    QStringList demChannels; // "elevation", "slope", "aspect", "hillshade", "roughness", "tri", "tpi"
    QString labelLayer; // class-raster or vector-labels layer (not for autoencoders)
    int patchSize = 64;
    int stride = 32;
    double maxNoDataFraction = 0.1;
    bool classBalanced = false;
    bool augment = true; // flips and 90-degree rotations
    SceneLabelRule sceneLabel = SceneLabelRule::Majority;
    NormalizationKind normalization = NormalizationKind::MeanStd;
    double percentileLow = 2.0;
    double percentileHigh = 98.0;
    // Training data up to this size is held in memory; a larger training window is streamed: its
    // channels are copied once to a tiled file in the temporary folder and patches are read from
    // it through GDAL's bounded block cache on the batch loader's thread.
    int memoryLimitMiB = 2048;
};

struct SeriesTaskConfig
{
    QString seriesLayer; // project layer id (CSV series)
    QStringList inputs; // columns fed to the model; empty = the targets
    QStringList targets; // columns to forecast; empty = the first column
    int lookback = 24;
    int horizon = 1;
    GapFillMethod gapFill = GapFillMethod::Linear;
    double jitter = 0.0; // augmentation: Gaussian noise, in normalised units
    // Forecasting: inputs relative to the window's last step, targets as the change from it. Trends
    // then never push a window outside the range seen in training, and the model learns what
    // persistence misses.
    bool relative = true;
    // Percentile min-max (0..100 by default) scales windows to 0..1, as sigmoid autoencoders need.
    NormalizationKind normalization = NormalizationKind::MeanStd;
    double percentileLow = 0.0;
    double percentileHigh = 100.0;
};

struct TaskConfig
{
    TaskKind kind = TaskKind::Segmentation;
    RasterTaskConfig raster;
    SeriesTaskConfig series;
    SplitConfig split;

    bool isRasterTask() const
    {
        return kind == TaskKind::Segmentation || kind == TaskKind::PatchClassification
            || kind == TaskKind::RasterAutoencoder;
    }
    static QString kindName(TaskKind kind);
    static QStringList kindNames();
};

} // namespace deepterra
