#pragma once

// Core-private: the TorchScript side of ExportedModel. Only core .cpp files include this.

#include "export/exportedmodel.h"

#include <torch/script.h>

namespace deepterra {

struct ExportedModel::Private
{
    QString modelPath;
    QJsonObject card;
    QJsonObject config;
    TrainingSetup setup;
    ModelSpec spec;
    Normalizer normalizer;
    QStringList inputChannels;
    ClassTable classes;
    int patchSize = 0;
    RasterGrid grid;
    QStringList targetColumns;
    Normalizer targetNormalizer;
    mutable torch::jit::Module module;

    // What Model's network->forward(x) returns for the run (no gradients are recorded).
    torch::Tensor forward(const torch::Tensor &x) const
    {
        torch::NoGradGuard noGrad;
        return module.forward({ x }).toTensor();
    }
};

} // namespace deepterra
