#include "training/private/evaluationpass.h"

#include "common/dataerror.h"
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
    const auto evaluate = [&] {
        while (loader.next(batch)) {
            if (!sharded) {
                feedback.checkpoint();
            } else if (feedback.isCanceled()) {
                // No pause (the other ranks would wait on this one): the other ranks finish their
                // shards and meet this one below, and all stop there.
                canceled = true;
                return;
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
    };
    if (!sharded) {
        evaluate();
        return { accumulator.metrics(), accumulator.details() };
    }

    // A failing shard (a damaged read, no memory) still meets the others, so that every rank stops
    // here rather than the others waiting for it until the timeout.
    std::exception_ptr failure;
    try {
        evaluate();
    } catch (...) {
        failure = std::current_exception();
    }
    // Every rank merges the shards in rank order, so that all hold the same figures. Each shard
    // starts with its status: o(k), c(anceled), f(ailed).
    QByteArray shard(1, failure ? 'f' : canceled ? 'c' : 'o');
    if (!failure && !canceled)
        shard += accumulator.serialized();
    const std::vector<QByteArray> shards = group->allGather(shard);
    if (failure)
        std::rethrow_exception(failure);
    for (const QByteArray &bytes : shards)
        if (bytes.startsWith('f'))
            throw DataError(QString(),
                            QStringLiteral("another process of the training job failed while "
                                           "evaluating its shard: see its messages"));
    for (const QByteArray &bytes : shards)
        if (!bytes.startsWith('o'))
            throw JobCanceled();
    ValidationAccumulator whole(data, side);
    for (const QByteArray &bytes : shards)
        whole.merge(bytes.mid(1));
    return { whole.metrics(), whole.details() };
}

} // namespace deepterra
