#include "results/predictionoutputs.h"

#include "workspace/projectcontroller.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace deepterra {

QString PredictionOutputs::trainingImage(const QString &runFolder)
{
    QFile file(QDir(runFolder).filePath(QStringLiteral("config.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll())
        .object()
        .value(QStringLiteral("data"))
        .toObject()
        .value(QStringLiteral("image"))
        .toString();
}

PredictionRequest PredictionOutputs::defaults(const QString &folder, const QString &modelName, bool anomaly)
{
    const QString base = QDir(folder).filePath(modelName.isEmpty() ? QStringLiteral("model") : modelName);
    PredictionRequest request;
    request.output = base + (anomaly ? QStringLiteral("-anomaly.tif") : QStringLiteral("-classes.tif"));
    request.probabilities = base + QStringLiteral("-probabilities.tif");
    request.confidence = base + QStringLiteral("-confidence.tif");
    request.uncertaintyOutput = base + QStringLiteral("-uncertainty.tif");
    return request;
}

QStringList PredictionOutputs::addLayers(ProjectController *project, const PredictionRequest &request,
                                         const QString &task, const QJsonArray &classes,
                                         const QString &modelName)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("PredictionOutputs", text); };
    const bool anomaly = task == QLatin1String("raster-autoencoder");
    QStringList ids;
    auto add = [&](const QString &path, const QString &title, const QJsonObject &style) {
        if (path.isEmpty())
            return;
        ProjectLayer layer;
        layer.id = QFileInfo(path).completeBaseName();
        layer.name = title;
        layer.kind = LayerKind::Prediction;
        layer.path = QFileInfo(path).absoluteFilePath();
        layer.style = style;
        ids << project->addLayer(layer);
    };
    QJsonObject classStyle;
    if (!anomaly && !classes.isEmpty())
        classStyle = { { QStringLiteral("renderer"), QStringLiteral("classes") },
                       { QStringLiteral("classes"), classes } };
    // New layers go on top: the map the user asked for first is added last. The uncertainty's
    // first band (predictive entropy, or the error's spread) in a ramp from certain (dark) to
    // uncertain (bright).
    if (request.uncertainty.enabled())
        add(request.uncertaintyOutput,
            tr("%1 · uncertainty (%2)")
                .arg(modelName,
                     request.uncertainty.method == UncertaintyMethod::McDropout
                         ? tr("Monte Carlo dropout, %1 passes").arg(request.uncertainty.passes)
                         : tr("test-time augmentation")),
            { { QStringLiteral("renderer"), QStringLiteral("singleband") },
              { QStringLiteral("band"), 1 },
              { QStringLiteral("ramp"), QStringLiteral("viridis") },
              { QStringLiteral("stretch"), QStringLiteral("minmax") } });
    add(request.confidence, tr("%1 · confidence").arg(modelName), {});
    add(request.probabilities, tr("%1 · probabilities").arg(modelName), {});
    add(request.output, (anomaly ? tr("%1 · anomaly map") : tr("%1 · class map")).arg(modelName), classStyle);
    std::reverse(ids.begin(), ids.end());
    return ids;
}

} // namespace deepterra
