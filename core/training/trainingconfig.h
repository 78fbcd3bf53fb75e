#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>

namespace deepterra {

enum class OptimizerKind { Sgd, Adam, AdamW, RmsProp };
enum class ScheduleKind { Constant, Step, Cosine, OneCycle };
enum class LossKind { CrossEntropy, Dice, Focal, Mse, Mae, Huber, Bce };
enum class PrecisionKind { Float32, BFloat16, Float16 };

// How to train: optimiser, schedule, loss, stopping, device. What to train on lives in the task.
struct TrainingConfig
{
    int epochs = 20;
    int batchSize = 16;

    OptimizerKind optimizer = OptimizerKind::Adam;
    double learningRate = 1e-3;
    double momentum = 0.9; // SGD and RMSprop
    double weightDecay = 0.0;

    ScheduleKind schedule = ScheduleKind::Constant;
    int stepSize = 10; // Step: epochs between decays
    double gamma = 0.1; // Step: decay factor
    double minLearningRate = 0.0; // Cosine: floor
    double maxLearningRate = 0.0; // OneCycle: peak (0 = 10x learningRate)

    LossKind loss = LossKind::CrossEntropy;
    bool classWeighted = false; // cross-entropy/focal weighted by inverse label frequency (training split)
    double focalGamma = 2.0;
    double huberDelta = 1.0;

    double gradientClipNorm = 0.0; // 0 = off

    QString earlyStoppingMetric = QStringLiteral("val_loss");
    int earlyStoppingPatience = 0; // epochs without improvement; 0 = off

    QString device = QStringLiteral("auto"); // auto, cpu, cuda, cuda:N
    // Mixed precision: the forward pass and the loss in bfloat16 or float16 (autocast), the weights,
    // gradients and optimiser in float32; float16 with a dynamic loss scale, and on a CUDA GPU only.
    PrecisionKind precision = PrecisionKind::Float32;
    int threads = 0; // intra-op threads; 0 = all cores (each process's: the cores shared out)
    // Data-parallel training in this many processes on this machine, each on a slice of every
    // batch: the app or `deepterra-cli train` is rank 0 and starts the others (deepterra-cli).
    int processes = 1;
    std::uint64_t seed = 42;

    // Whether a larger value of `metric` is better (accuracy, IoU, kappa, F1, R², NSE, skill).
    static bool higherIsBetter(const QString &metric);
    // "fp32", "bf16", "fp16", in PrecisionKind's order: the project's and the CLI's words.
    static QStringList precisionNames();
};

} // namespace deepterra
