#pragma once

// The toy segmentation that the trainer's tests learn (TestTrainer, TestTrainerDataParallel): a
// U-Net learns it in a few epochs.

#include "models/modelpresets.h"
#include "training/trainer.h"
#include "training/trainingdata.h"

#include <QString>

#include <atomic>
#include <cmath>
#include <memory>
#include <random>

namespace deepterra::test {

// Two-channel 16x16 patches whose class is 1 where channel 0 is positive: a U-Net learns it in a
// few epochs. Every fourth pixel is unlabelled (-1). `poison` makes inputs NaN, to test the guard.
class ToySegmentation : public SampleDataset
{
public:
    ToySegmentation(std::size_t count, std::uint64_t seed)
        : m_count(count)
        , m_seed(seed)
    { }
    std::size_t size() const override { return m_count; }
    std::vector<std::int64_t> inputShape() const override { return { 2, 16, 16 }; }
    std::vector<std::int64_t> targetShape() const override { return { 16, 16 }; }
    void sample(std::size_t index, Sample &out, std::mt19937_64 *augment) const override
    {
        std::mt19937_64 rng(m_seed * 7919 + index);
        std::normal_distribution<float> noise(0.0f, 1.0f);
        out.input.assign(2 * 256, 0.0f);
        out.classes.assign(256, 0);
        const float cx = float(rng() % 16), cy = float(rng() % 16), radius = 3.0f + float(rng() % 5);
        for (int y = 0; y < 16; ++y)
            for (int x = 0; x < 16; ++x) {
                const int i = y * 16 + x;
                const bool inside = (x - cx) * (x - cx) + (y - cy) * (y - cy) < radius * radius;
                out.input[std::size_t(i)] = (inside ? 1.0f : -1.0f) + 0.3f * noise(rng);
                out.input[std::size_t(256 + i)] = noise(rng);
                out.classes[std::size_t(i)] = (i % 4 == 3) ? -1 : (inside ? 1 : 0);
            }
        if (augment && (*augment)() % 2) // a horizontal flip keeps input and labels consistent
            for (int y = 0; y < 16; ++y)
                for (int x = 0; x < 8; ++x) {
                    for (int c = 0; c < 2; ++c)
                        std::swap(out.input[std::size_t(c * 256 + y * 16 + x)],
                                  out.input[std::size_t(c * 256 + y * 16 + 15 - x)]);
                    std::swap(out.classes[std::size_t(y * 16 + x)],
                              out.classes[std::size_t(y * 16 + 15 - x)]);
                }
        if (poison.load())
            out.input[0] = std::nanf("");
    }
    mutable std::atomic<bool> poison { false };

private:
    std::size_t m_count;
    std::uint64_t m_seed;
};

inline std::shared_ptr<TrainingData> toyData(std::shared_ptr<ToySegmentation> *trainOut = nullptr)
{
    auto data = std::make_shared<TrainingData>();
    data->task = TaskKind::Segmentation;
    auto train = std::make_shared<ToySegmentation>(48, 1);
    if (trainOut)
        *trainOut = train;
    data->train = train;
    data->validation = std::make_shared<ToySegmentation>(16, 2);
    data->inputChannels = { QStringLiteral("signal"), QStringLiteral("noise") };
    data->classes = ClassTable::fromNames({ QStringLiteral("background"), QStringLiteral("blob") });
    data->trainClassCounts = { 100, 50 };
    data->patchSize = 16;
    return data;
}

inline TrainerOptions toyOptions(const QString &runDirectory, int epochs)
{
    TrainerOptions options;
    UNetSpec unet;
    unet.depth = 2;
    unet.baseFilters = 8;
    options.model = ModelSpec(unet, QStringLiteral("toy-unet"));
    options.config.epochs = epochs;
    options.config.batchSize = 8;
    options.config.learningRate = 3e-3;
    options.config.seed = 11;
    options.config.threads = 2;
    options.config.device = QStringLiteral("cpu");
    options.batchEventIntervalMs = 0; // every batch: the tests count them
    options.runDirectory = runDirectory;
    return options;
}

} // namespace deepterra::test
