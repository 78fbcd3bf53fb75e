#pragma once

#include "jobs/job.h"

#include <QString>
#include <QtGlobal>

#include <cstdint>
#include <vector>

namespace deepterra {

struct SamplePointsRequest
{
    QString map;
    QString output; // .gpkg (default) or .geojson
    // The standard error wanted for the overall accuracy (Olofsson et al. recommend about 0.01).
    double targetStandardError = 0.01;
    // The user's accuracy expected of each class: one value for all, or one per mapped class in
    // the order of their values. The run's validation precision is a fair guess.
    std::vector<double> expectedUsersAccuracy { 0.85 };
    // Olofsson et al.: 50 to 100 points per rare class keep its own accuracies estimable.
    qint64 minimumPerClass = 50;
    std::uint64_t seed = 1;
};

// One class of the plan the job followed.
struct SampledClass
{
    int value = 0;
    QString name;
    qint64 pixels = 0;
    double weight = 0.0;
    qint64 points = 0;
};

// Draws a stratified random sample of reference points from a class map for an accuracy
// assessment (Olofsson et al. 2014): the sample size from the target standard error, allocated
// proportionally with a floor per class, the points written for labelling in a GIS.
class SamplePointsJob : public Job
{
public:
    explicit SamplePointsJob(SamplePointsRequest request);
    QString name() const override;
    void run(Feedback &feedback) override;

    qint64 plannedSize() const { return m_plannedSize; }
    const std::vector<SampledClass> &plan() const { return m_plan; }

private:
    SamplePointsRequest m_request;
    qint64 m_plannedSize = 0;
    std::vector<SampledClass> m_plan;
};

} // namespace deepterra
