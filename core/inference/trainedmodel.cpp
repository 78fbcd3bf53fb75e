#include "inference/trainedmodel.h"

#include "inference/private/inferencenetwork.h"
#include "models/private/modelprivate.h"
#include "training/private/checkpointfile.h"
#include "training/runfolder.h"

#include <QFileInfo>

namespace deepterra {

struct TrainedModel::Private : InferenceNetwork
{
    QString runFolder;
    QStringList sourceFiles;
    RunMetadata metadata;
    std::unique_ptr<Model> model;

    torch::Tensor forward(const torch::Tensor &input) override
    {
        NetworkImpl &network = *model->privateData().network;
        // Training code could have switched the shared module back; dropout and batch-norm
        // statistics must not move during prediction.
        if (network.is_training())
            network.eval();
        torch::NoGradGuard noGrad;
        return network.forward(input);
    }

    ScriptAttributes scriptAttributes() const override
    {
        return ScriptModule::attributesOf(*model->privateData().network);
    }
};

TrainedModel::TrainedModel(std::unique_ptr<Private> d)
    : d(std::move(d))
{ }

TrainedModel::TrainedModel(TrainedModel &&) noexcept = default;
TrainedModel &TrainedModel::operator=(TrainedModel &&) noexcept = default;
TrainedModel::~TrainedModel() = default;

TrainedModel TrainedModel::loadRun(const QString &runFolder, const QString &checkpoint)
{
    const RunFolder run(QFileInfo(runFolder).absoluteFilePath());
    auto d = std::make_unique<Private>();
    d->runFolder = run.path();
    d->metadata = RunMetadata::fromConfig(run.readConfig(), run.filePath(QStringLiteral("config.json")));
    d->model = std::make_unique<Model>(Model::createForWeights(d->metadata.spec()));
    CheckpointFile::load(run.checkpointPath(checkpoint), *d->model->privateData().network, nullptr, false);
    d->model->privateData().network->eval();
    d->sourceFiles
        = QStringList { run.filePath(QStringLiteral("config.json")), run.checkpointPath(checkpoint) };
    return TrainedModel(std::move(d));
}

const QString &TrainedModel::runFolder() const
{
    return d->runFolder;
}

QStringList TrainedModel::sourceFiles() const
{
    return d->sourceFiles;
}

const RunMetadata &TrainedModel::metadata() const
{
    return d->metadata;
}

InferenceNetwork &TrainedModel::network() const
{
    return *d;
}

Model &TrainedModel::model() const
{
    return *d->model;
}

} // namespace deepterra
