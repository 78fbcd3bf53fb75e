#include "training/private/losses.h"

namespace deepterra {

namespace F = torch::nn::functional;

namespace {

constexpr std::int64_t kIgnore = -1;

torch::Tensor crossEntropy(const torch::Tensor &logits, const torch::Tensor &targets,
                           const torch::Tensor &weights, bool perElement)
{
    auto options = F::CrossEntropyFuncOptions().ignore_index(kIgnore);
    if (weights.defined())
        options.weight(weights);
    if (perElement)
        options.reduction(torch::kNone);
    return F::cross_entropy(logits, targets, options);
}

torch::Tensor focal(const TrainingConfig &config, const torch::Tensor &logits, const torch::Tensor &targets,
                    const torch::Tensor &weights)
{
    const torch::Tensor valid = targets.ne(kIgnore);
    const torch::Tensor safeTargets = targets.clamp_min(0);
    const torch::Tensor logp = F::log_softmax(logits, F::LogSoftmaxFuncOptions(1));
    const torch::Tensor logpt = logp.gather(1, safeTargets.unsqueeze(1)).squeeze(1);
    const torch::Tensor pt = logpt.exp();
    torch::Tensor loss = -torch::pow(1.0 - pt, config.focalGamma) * logpt;
    if (weights.defined())
        loss = loss * weights.index_select(0, safeTargets.flatten()).view_as(loss);
    const torch::Tensor count = valid.sum().clamp_min(1);
    return (loss * valid).sum() / count;
}

torch::Tensor dice(const torch::Tensor &logits, const torch::Tensor &targets)
{
    const std::int64_t classes = logits.size(1);
    const torch::Tensor probabilities = F::softmax(logits, F::SoftmaxFuncOptions(1));
    const torch::Tensor valid = targets.ne(kIgnore).unsqueeze(1).to(probabilities.dtype());
    // One-hot in the class dimension, zero where ignored.
    torch::Tensor oneHot = F::one_hot(targets.clamp_min(0), classes).to(probabilities.dtype());
    oneHot = oneHot.dim() == 2 ? oneHot : oneHot.permute({ 0, 3, 1, 2 });
    oneHot = oneHot * valid;
    const torch::Tensor p = probabilities * valid;
    std::vector<std::int64_t> reduce { 0 };
    for (std::int64_t d = 2; d < p.dim(); ++d)
        reduce.push_back(d);
    const torch::Tensor intersection = (p * oneHot).sum(reduce);
    const torch::Tensor denominator = p.sum(reduce) + oneHot.sum(reduce);
    const double eps = 1.0;
    return 1.0 - ((2.0 * intersection + eps) / (denominator + eps)).mean();
}

} // namespace

bool isClassificationLoss(LossKind loss)
{
    return loss == LossKind::CrossEntropy || loss == LossKind::Dice || loss == LossKind::Focal;
}

torch::Tensor computeLoss(const TrainingConfig &config, const torch::Tensor &output,
                          const torch::Tensor &classTargets, const torch::Tensor &regressionTargets,
                          const torch::Tensor &classWeights)
{
    switch (config.loss) {
    case LossKind::CrossEntropy:
        return crossEntropy(output, classTargets, classWeights, false);
    case LossKind::Focal:
        return focal(config, output, classTargets, classWeights);
    case LossKind::Dice:
        return dice(output, classTargets);
    case LossKind::Mse:
        return F::mse_loss(output, regressionTargets);
    case LossKind::Mae:
        return F::l1_loss(output, regressionTargets);
    case LossKind::Huber:
        return F::huber_loss(output, regressionTargets, F::HuberLossFuncOptions().delta(config.huberDelta));
    case LossKind::Bce:
        // Reconstruction targets of a sigmoid autoencoder live in [0, 1]; clamp so that values just
        // outside the fitted percentile range do not make BCE undefined.
        return F::binary_cross_entropy(output.clamp(1e-6, 1.0 - 1e-6), regressionTargets.clamp(0.0, 1.0));
    }
    return {};
}

double lossDenominator(const TrainingConfig &config, const torch::Tensor &output,
                       const torch::Tensor &classTargets, const torch::Tensor &classWeights)
{
    const torch::NoGradGuard noGrad;
    switch (config.loss) {
    case LossKind::CrossEntropy: {
        const torch::Tensor valid = classTargets.ne(kIgnore);
        if (!classWeights.defined())
            return valid.sum().item<double>();
        return classWeights.index_select(0, classTargets.masked_select(valid)).sum().item<double>();
    }
    case LossKind::Focal:
        return classTargets.ne(kIgnore).sum().item<double>();
    case LossKind::Dice:
        return double(output.size(0));
    case LossKind::Mse:
    case LossKind::Mae:
    case LossKind::Huber:
    case LossKind::Bce:
        return double(output.numel());
    }
    return 0.0;
}

} // namespace deepterra
