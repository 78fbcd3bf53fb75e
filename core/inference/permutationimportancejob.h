#pragma once

#include "jobs/job.h"
#include "metrics/permutationimportance.h"

#include <QString>

#include <cstdint>

namespace deepterra {

struct PermutationImportanceRequest
{
    QString runFolder;
    int repeats = 5;
    // 0: the run's own seed (config.json), so that the same run gives the same importances.
    std::uint64_t seed = 0;
    bool writeToMetrics = true; // replace the block in RUN/metrics.json
};

// Which inputs a trained model relies on (permutation importance): rebuilds the run's validation
// set exactly as training did (TrainingDataBuilder with config.json's project, setup and seed),
// scores checkpoints/best.pt on it with the run's monitored metric as the trainer's validation pass
// does (ValidationAccumulator), then, for every input channel (each image band and DEM channel,
// named as the run names them; for forecasters each variable over all lags) and every repeat,
// shuffles that channel between the validation examples and scores again. Every lag of a
// forecaster (all variables at that step) is permuted the same way.
// Permuting between examples instead of adding noise keeps each input's distribution: the drop
// measures what the model loses when the input stops carrying information about the example, not
// how it reacts to values it never saw. All channels of one repeat share the permutation, so that
// their drops are compared under the same shuffle.
// Class runs (segmentation, patch classification) and forecasters; autoencoders have no target
// an input could matter to, and are refused.
class PermutationImportanceJob : public Job
{
public:
    explicit PermutationImportanceJob(PermutationImportanceRequest request);
    QString name() const override { return QStringLiteral("Permutation importance of the inputs"); }
    // Throws DataError for a run of another task, without best.pt or metrics.json, or whose data
    // cannot be rebuilt; JobCanceled when cancelled (metrics.json is then left as it was).
    void run(Feedback &feedback) override;

    const PermutationImportance &result() const { return m_result; }
    const QString &runFolder() const { return m_request.runFolder; }

private:
    PermutationImportanceRequest m_request;
    PermutationImportance m_result;
};

} // namespace deepterra
