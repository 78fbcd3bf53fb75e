#pragma once

#include "inference/predictionrequest.h"
#include "jobs/job.h"

#include <QJsonArray>
#include <QString>

namespace deepterra {

// Loads a model (a training run's folder, or an exported TorchScript model with its card) and
// predicts a whole raster with it: both on the job's worker thread, since loading a model reads
// its weights. What the dialog needs to style the outputs (the task and the classes) is read from
// the model as it is loaded.
class ModelPredictionJob : public Job
{
public:
    // `cardPath` goes with an exported model only; empty: the card inside the .pt.
    ModelPredictionJob(QString modelPath, QString cardPath, PredictionRequest request);
    QString name() const override { return QStringLiteral("Prediction"); }
    // Throws DataError naming the file for an output that would replace an input (the model and
    // its card included), a model that cannot be loaded or is not a raster model, and whatever
    // PredictionJob throws.
    void run(Feedback &feedback) override;

    const PredictionRequest &request() const { return m_request; }
    // Once run() has loaded the model: "segmentation", "raster-autoencoder", ...
    const QString &task() const { return m_task; }
    // Once run() has loaded the model: [{"value", "name", "color"}], what a classes style takes.
    const QJsonArray &classes() const { return m_classes; }

private:
    QString m_modelPath;
    QString m_cardPath;
    PredictionRequest m_request;
    QString m_task;
    QJsonArray m_classes;
};

} // namespace deepterra
