#pragma once

#include "jobs/job.h"
#include "project/project.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace deepterra {

struct SplitPreviewRequest
{
    Project project; // with the task, model and training sections to preview
    QString outputPath; // the vector file to write: .gpkg (GeoPackage), .geojson or .json (GeoJSON)
};

struct SplitPreviewResult
{
    // Polygons in the image's CRS with a "role" attribute: "training", "validation" and "test" (the spatial
    // blocks, or for a random split the area around each patch's centre) and "buffer" (where
    // training patches were dropped for coming too close to validation), and "patches" (how many
    // patches each holds).
    QString layerPath;
    QStringList classNames;
    // Per class, as the trainer counts them: labelled pixels under the patches for segmentation,
    // patches for patch classification.
    std::vector<std::int64_t> trainCounts;
    std::vector<std::int64_t> validationCounts;
    QString countUnit; // "pixels" or "patches"
    QStringList warnings; // e.g. a class without validation examples, and what to do about it
    // With cross-validation folds in the set-up, the layer's roles are "fold 1" ... "fold K",
    // "test" and "buffer" (SplitLayerBuilder::buildFolds) and the counts are fold 1's.
    int folds = 0;
};

// Shows how a raster classification set-up's examples divide into training and validation before
// anything trains: the same data preparation, sampling and split as the trainer (same seed, same
// patches), written as a layer for the map, with the class counts on each side.
class SplitPreviewJob : public Job
{
public:
    explicit SplitPreviewJob(SplitPreviewRequest request);

    QString name() const override;
    // Throws DataError when the set-up is not a segmentation or patch classification task or its
    // data cannot be prepared (the message training would give), or the file cannot be written.
    void run(Feedback &feedback) override;

    const SplitPreviewResult &result() const { return m_result; }

private:
    SplitPreviewRequest m_request;
    SplitPreviewResult m_result;
};

} // namespace deepterra
