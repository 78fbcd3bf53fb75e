#pragma once

#include "geodata/rastergrid.h"
#include "labels/classtable.h"
#include "models/model.h"
#include "training/normalizer.h"
#include "training/trainingsetup.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace deepterra {

// A trained model as prediction and export need it: the network with its weights (from a run's
// checkpoint), and everything that turns a user's raster or series into its inputs and its outputs
// back into maps and values (normaliser, channels, classes, patch size, task settings).
class TrainedModel
{
public:
    // Loads RUN/config.json and RUN/checkpoints/<checkpoint>. Throws DataError naming the file for
    // a folder that is not a run, a damaged configuration or a checkpoint that does not fit.
    static TrainedModel loadRun(const QString &runFolder,
                                const QString &checkpoint = QStringLiteral("best.pt"));

    TrainedModel(TrainedModel &&) noexcept;
    TrainedModel &operator=(TrainedModel &&) noexcept;
    ~TrainedModel();

    const QString &runFolder() const;
    const QJsonObject &config() const; // config.json as written by the training run
    const TrainingSetup &setup() const; // task, model as configured, training settings
    const ModelSpec &spec() const; // the model as trained (channels and classes from the data)
    TaskKind task() const { return setup().task.kind; }
    const Normalizer &normalizer() const;
    const QStringList &inputChannels() const;
    const ClassTable &classes() const;
    int patchSize() const;
    const RasterGrid &trainingGrid() const; // the grid of the training image (CRS and resolution)
    const QStringList &targetColumns() const;
    const Normalizer &targetNormalizer() const;
    bool relativeTargets() const;

    Model &model() const; // weights loaded, in evaluation mode

private:
    struct Private;
    explicit TrainedModel(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace deepterra
