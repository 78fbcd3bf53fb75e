#pragma once

#include "geodata/rastergrid.h"
#include "labels/classtable.h"
#include "models/modelspec.h"
#include "training/normalizer.h"
#include "training/trainingsetup.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

namespace deepterra {

// A model exported as TorchScript with its model card, loaded for prediction: the same
// information as TrainedModel (read from the card's copy of the run configuration) and the
// TorchScript module in place of the engine's network. Its forward() returns what the run's
// network returns for the same input, so predict and forecast give the same maps and values.
class ExportedModel
{
public:
    // `modelPath`: a .pt written by ModelExporter::writeTorchScript. `cardPath`: its card; empty
    // uses the card stored inside the .pt. Throws DataError naming the file for a missing or
    // unreadable module, a missing or foreign card, or a card that does not describe the module.
    static ExportedModel load(const QString &modelPath, const QString &cardPath = {});

    ExportedModel(ExportedModel &&) noexcept;
    ExportedModel &operator=(ExportedModel &&) noexcept;
    ~ExportedModel();

    const QString &modelPath() const;
    const QJsonObject &card() const;
    const QJsonObject &config() const; // the run's config.json, from the card
    const TrainingSetup &setup() const;
    const ModelSpec &spec() const;
    TaskKind task() const { return setup().task.kind; }
    const Normalizer &normalizer() const;
    const QStringList &inputChannels() const;
    const ClassTable &classes() const;
    int patchSize() const;
    const RasterGrid &trainingGrid() const;
    const QStringList &targetColumns() const;
    const Normalizer &targetNormalizer() const;
    bool relativeTargets() const;

    // Runs the module on a float tensor of `shape` (normalised input, as the run's network takes
    // it); returns the output and its shape. Torch code can use privateData().forward(tensor).
    std::vector<float> forward(const std::vector<float> &input, const std::vector<std::int64_t> &shape,
                               std::vector<std::int64_t> *outputShape = nullptr) const;

    struct Private;
    Private &privateData() const { return *d; }

private:
    explicit ExportedModel(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace deepterra
