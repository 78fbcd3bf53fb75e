#include "training/private/evaluationpass.h"

#include "jobs/feedback.h"
#include "training/batchloader.h"
#include "training/private/batchtensors.h"
#include "training/private/losses.h"
#include "training/trainingdata.h"

namespace deepterra {

EvaluationPass::Result EvaluationPass::run(NetworkImpl &network, const TrainingData &data,
                                           ValidationAccumulator::Side side, const TrainingConfig &config,
                                           const torch::Tensor &classWeights, const torch::Device &device,
                                           Feedback &feedback)
{
    network.eval();
    ValidationAccumulator accumulator(data, side);
    torch::NoGradGuard noGrad;
    BatchLoaderOptions loading;
    loading.batchSize = config.batchSize;
    loading.shuffle = false;
    loading.seed = config.seed;
    const SampleDataset &examples = side == ValidationAccumulator::Side::Test ? *data.test : *data.validation;
    BatchLoader loader(examples, loading);
    SampleBatch batch;
    const bool reconstruct
        = data.task == TaskKind::RasterAutoencoder || data.task == TaskKind::SeriesAutoencoder;
    while (loader.next(batch)) {
        feedback.checkpoint();
        const BatchTensors t = BatchTensors::from(batch, device);
        const torch::Tensor output = network.forward(t.inputs);
        const torch::Tensor regression
            = reconstruct ? (t.targets.defined() ? t.targets.view_as(output) : t.inputs) : t.targets;
        const torch::Tensor loss = computeLoss(config, output, t.classes, regression, classWeights);
        accumulator.add(batch, output, loss.item<double>());
    }
    return { accumulator.metrics(), accumulator.details() };
}

} // namespace deepterra
