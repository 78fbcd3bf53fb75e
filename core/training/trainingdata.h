#pragma once

#include "geodata/rastergrid.h"
#include "labels/classtable.h"
#include "metrics/autoregressivemodel.h"
#include "metrics/climatologybaseline.h"
#include "metrics/seasonalnaive.h"
#include "training/forecastwindow.h"
#include "training/normalizer.h"
#include "training/sampledataset.h"
#include "training/taskconfig.h"

#include <QJsonObject>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace deepterra {

class Feedback;
class Project;

// Everything a training run needs from the project's data, prepared once before the first epoch:
// the splits, the normaliser fitted on the training split, and what evaluation and the model
// card need to know.
struct TrainingData
{
    TaskKind task = TaskKind::Segmentation;
    std::shared_ptr<const SampleDataset> train;
    std::shared_ptr<const SampleDataset> validation;
    // Held out (SplitConfig::testFraction): evaluated once with the best weights; null without.
    std::shared_ptr<const SampleDataset> test;
    Normalizer normalizer; // input channels
    QStringList inputChannels; // "blue", ..., "slope" (raster) or column names (series)

    // Classification tasks.
    ClassTable classes;
    std::vector<std::int64_t> trainClassCounts; // labelled pixels (segmentation) or patches per class

    // Raster tasks: the image grid and patch geometry.
    RasterGrid grid;
    int patchSize = 0;

    // Forecasting: targets' normalisation (to report metrics in original units), the baselines
    // fitted on the training period, and per validation window its times and baseline forecasts.
    QStringList targetColumns;
    Normalizer targetNormalizer;
    std::vector<ClimatologyBaseline> climatology; // one per target
    SeasonalNaive seasonalNaive; // empty without a season
    std::vector<AutoregressiveModel> autoregressive; // one per target (empty models where none fits)
    std::function<ForecastWindow(std::size_t validationIndex)> forecastWindow;
    std::function<ForecastWindow(std::size_t testIndex)> testForecastWindow;
    // Targets are changes from the value at the forecast origin (SeriesTaskConfig::relative).
    bool relativeTargets = false;

    // Facts for the run log and the model card: counts, split, extents ("training patches": 412...).
    QJsonObject summary;
};

} // namespace deepterra
