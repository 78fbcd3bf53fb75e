#pragma once

#include "inference/inferencemodel.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace deepterra {

// A model exported as TorchScript with its model card, loaded for prediction: the run's
// metadata read from the card's copy of config.json, and the TorchScript module in place of the
// engine's network. The module returns what the run's network returns for the same input, so
// predict and forecast give the same maps and values with either.
class ExportedModel : public InferenceModel
{
public:
    // `modelPath`: a .pt written by ModelExporter::writeTorchScript. `cardPath`: its card; empty
    // uses the card stored inside the .pt. Throws DataError naming the file for a missing or
    // unreadable module, a missing or foreign card, or a card that does not describe the module
    // (another network, or another run's normalisation, classes or settings).
    static ExportedModel load(const QString &modelPath, const QString &cardPath = {});

    ExportedModel(ExportedModel &&) noexcept;
    ExportedModel &operator=(ExportedModel &&) noexcept;
    ~ExportedModel() override;

    const QString &modelPath() const;
    const QJsonObject &card() const;
    const RunMetadata &metadata() const override;
    QString displayPath() const override { return modelPath(); }
    QStringList sourceFiles() const override; // the module and the card given beside it
    InferenceNetwork &network() const override;

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
