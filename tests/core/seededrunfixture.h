#pragma once

// A training run written as TrainingJob writes one, without training: config.json for three input
// channels and a checkpoint of a seeded network whose batch-norm statistics are far from the
// defaults (so that folding them into the convolutions changes the weights). For the tests of the
// core-private inference classes (TestOptimizedNetwork, TestNetworkStreams).

#include "models/modelspecjson.h"
#include "models/private/modelprivate.h"
#include "training/private/checkpointfile.h"
#include "training/runfolder.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

namespace deepterra::test {

// Returns the run folder, empty when it cannot be made.
inline QString writeSeededRun(const QString &folder, const ModelSpec &spec, TaskKind task, int patch,
                              int classes)
{
    TrainingSetup setup;
    setup.task.kind = task;
    setup.task.raster.imageLayer = QStringLiteral("image");
    setup.task.raster.labelLayer = QStringLiteral("labels");
    setup.task.raster.patchSize = patch;
    setup.model = spec;
    Normalizer normalizer;
    normalizer.channels = QStringList { QStringLiteral("b1"), QStringLiteral("b2"), QStringLiteral("b3") };
    normalizer.offsets = { 0.0, 0.0, 0.0 };
    normalizer.scales = { 1.0, 1.0, 1.0 };
    QJsonArray classTable;
    for (int c = 0; c < classes; ++c)
        classTable.append(QJsonObject { { QStringLiteral("value"), c + 1 },
                                        { QStringLiteral("name"), QStringLiteral("class %1").arg(c + 1) } });
    const QJsonObject config {
        { QStringLiteral("format"), QStringLiteral("deepterra-run") },
        { QStringLiteral("version"), 1 },
        { QStringLiteral("setup"), setup.toJson() },
        { QStringLiteral("trainedModel"), ModelSpecJson::toJson(spec) },
        { QStringLiteral("inputChannels"), QJsonArray::fromStringList(normalizer.channels) },
        { QStringLiteral("normalizer"), normalizer.toJson() },
        { QStringLiteral("classes"), classTable },
        { QStringLiteral("patchSize"), patch },
        { QStringLiteral("targetColumns"), QJsonArray {} },
        { QStringLiteral("targetNormalizer"), Normalizer().toJson() },
    };
    const RunFolder run(folder);
    if (!QDir().mkpath(run.filePath(QStringLiteral("checkpoints"))))
        return {};
    run.writeConfig(config);
    Model model = Model::create(spec, 3);
    {
        torch::NoGradGuard noGrad;
        torch::manual_seed(4);
        for (auto &item : model.privateData().network->named_buffers()) {
            if (item.key().find("running_mean") != std::string::npos)
                item.value().copy_(torch::randn_like(item.value()));
            else if (item.key().find("running_var") != std::string::npos)
                item.value().copy_(torch::rand_like(item.value()) * 3.0 + 0.2);
        }
    }
    CheckpointFile::save(run.checkpointPath(QStringLiteral("best.pt")), *model.privateData().network, nullptr,
                         {});
    return run.path();
}

} // namespace deepterra::test
