#include "results/modelpredictionjob.h"

#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "export/exportedmodel.h"
#include "inference/predictionjob.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"
#include "training/taskconfig.h"

#include <QFileInfo>

#include <memory>

namespace deepterra {

ModelPredictionJob::ModelPredictionJob(QString modelPath, QString cardPath, PredictionRequest request)
    : m_modelPath(std::move(modelPath))
    , m_cardPath(std::move(cardPath))
    , m_request(std::move(request))
{ }

void ModelPredictionJob::run(Feedback &feedback)
{
    // The model and its card are inputs too: refused before the weights are read.
    OutputPathCheck::check({ m_request.input, m_modelPath, m_cardPath }, m_request.outputs());
    feedback.info(QStringLiteral("Loading the model %1").arg(m_modelPath));
    std::shared_ptr<const InferenceModel> model;
    const QFileInfo info(m_modelPath);
    if (info.isDir()) {
        model = std::make_shared<TrainedModel>(TrainedModel::loadRun(m_modelPath));
    } else {
        if (!info.exists())
            throw DataError(m_modelPath, QStringLiteral("does not exist"));
        if (info.suffix().compare(QLatin1String("onnx"), Qt::CaseInsensitive) == 0)
            throw DataError(m_modelPath,
                            QStringLiteral("is an ONNX model: prediction runs TorchScript exports (.pt)"));
        model = std::make_shared<ExportedModel>(ExportedModel::load(m_modelPath, m_cardPath));
    }
    m_task = TaskConfig::kindName(model->metadata().task());
    m_classes = model->metadata().classes().toJson();
    feedback.checkpoint();
    PredictionJob prediction(model, m_request);
    prediction.run(feedback);
    m_request = prediction.request();
}

} // namespace deepterra
