#include "training/private/evaluationpass.h"

#include "distributed/processgroup.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"
#include "training/batchloader.h"
#include "training/private/batchtensors.h"
#include "training/private/losses.h"
#include "training/trainingdata.h"

namespace deepterra {

EvaluationPass::Result EvaluationPass::run(NetworkImpl &network, const TrainingData &data,
                                           ValidationAccumulator::Side side, const TrainingConfig &config,
                                           const torch::Tensor &classWeights, const torch::Device &device,
                                           Feedback &feedback, ProcessGroup *group)
{
    const bool sharded = group && group->size() > 1;
    network.eval();
    ValidationAccumulator accumulator(data, side);
    torch::NoGradGuard noGrad;
    BatchLoaderOptions loading;
    loading.batchSize = config.batchSize;
    loading.shuffle = false;
    loading.seed = config.seed;
    if (sharded) {
        loading.shardRank = group->rank();
        loading.shardCount = group->size();
    }
    const SampleDataset &examples = side == ValidationAccumulator::Side::Test ? *data.test : *data.validation;
    BatchLoader loader(examples, loading);
    SampleBatch batch;
    const bool reconstruct
        = data.task == TaskKind::RasterAutoencoder || data.task == TaskKind::SeriesAutoencoder;
    bool canceled = false;
    while (loader.next(batch)) {
        if (!sharded) {
            feedback.checkpoint();
        } else if (feedback.isCanceled()) {
            // No pause (the other ranks would wait on this one): the other ranks finish their
            // shards and meet this one below, and all stop there.
            canceled = true;
            break;
        }
        if (batch.size == 0)
            continue; // a shard's slice of a batch smaller than the rank count
        const BatchTensors t = BatchTensors::from(batch, device);
        const torch::Tensor output = network.forward(t.inputs);
        const torch::Tensor regression
            = reconstruct ? (t.targets.defined() ? t.targets.view_as(output) : t.inputs) : t.targets;
        const torch::Tensor loss = computeLoss(config, output, t.classes, regression, classWeights);
        accumulator.add(batch, output, loss.item<double>(),
                        lossDenominator(config, output, t.classes, classWeights));
    }
    if (!sharded)
        return { accumulator.metrics(), accumulator.details() };

    // Every rank merges the shards in rank order, so that all hold the same figures.
    QByteArray shard;
    if (!canceled)
        shard = accumulator.serialized();
    const std::vector<QByteArray> shards = group->allGather(shard);
    ValidationAccumulator whole(data, side);
    for (const QByteArray &bytes : shards) {
        if (bytes.isEmpty())
            throw JobCanceled();
        whole.merge(bytes);
    }
    return { whole.metrics(), whole.details() };
}

} // namespace deepterra
