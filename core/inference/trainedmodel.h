#pragma once

#include "inference/inferencemodel.h"
#include "models/model.h"

#include <QString>

#include <memory>

namespace deepterra {

// The model of a training run: the engine's network with the weights of one of the run's
// checkpoints, and the run's configuration (RunMetadata). What prediction, forecasting and export
// start from.
class TrainedModel : public InferenceModel
{
public:
    // Loads RUN/config.json and RUN/checkpoints/<checkpoint>. Throws DataError naming the file for
    // a folder that is not a run, a damaged configuration or a checkpoint that does not fit.
    static TrainedModel loadRun(const QString &runFolder,
                                const QString &checkpoint = QStringLiteral("best.pt"));

    TrainedModel(TrainedModel &&) noexcept;
    TrainedModel &operator=(TrainedModel &&) noexcept;
    ~TrainedModel() override;

    const QString &runFolder() const;
    const RunMetadata &metadata() const override;
    QString displayPath() const override { return runFolder(); }
    QStringList sourceFiles() const override; // config.json and the checkpoint
    InferenceNetwork &network() const override;

    Model &model() const; // weights loaded, in evaluation mode

private:
    struct Private;
    explicit TrainedModel(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace deepterra
