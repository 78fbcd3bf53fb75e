#include "export/modelcard.h"

#include "geodata/crsinfo.h"
#include "inference/trainedmodel.h"
#include "runtime/torchruntime.h"
#include "training/runfolder.h"
#include "training/taskconfig.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace deepterra {

namespace {

QJsonObject readMetrics(const QString &runFolder)
{
    QFile file(RunFolder(runFolder).filePath(QStringLiteral("metrics.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {}; // an interrupted run has no metrics yet: the card says so with an empty object
    return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonObject input(const RunMetadata &run)
{
    const QJsonObject normalizer = run.config().value(QStringLiteral("normalizer")).toObject();
    QString layout;
    switch (run.task()) {
    case TaskKind::Forecasting:
        layout = QStringLiteral("(batch, lookback, variables) float32");
        break;
    case TaskKind::SeriesAutoencoder:
        layout = QStringLiteral("(batch, window values) float32");
        break;
    default:
        layout = QStringLiteral("(batch, bands, height, width) float32, bands in the order listed");
        break;
    }
    return { { QStringLiteral("bands"), QJsonArray::fromStringList(run.inputChannels()) },
             { QStringLiteral("layout"), layout },
             { QStringLiteral("patchSize"), run.patchSize() },
             { QStringLiteral("normalization"), normalizer },
             { QStringLiteral("description"),
               QStringLiteral(
                   "The model takes normalised values: (value - offsets[band]) / scales[band] with "
                   "the normalisation below. NoData pixels must be masked by the caller.") } };
}

QJsonObject output(const RunMetadata &run)
{
    QString description;
    switch (run.task()) {
    case TaskKind::Segmentation:
        description
            = QStringLiteral("(batch, classes, height, width) class logits; softmax over axis 1 gives "
                             "the probabilities, argmax the index into \"classes\" (use its value)");
        break;
    case TaskKind::PatchClassification:
        description = QStringLiteral("(batch, classes) class logits; softmax over axis 1 gives the "
                                     "probabilities, argmax the index into \"classes\" (use its value)");
        break;
    case TaskKind::Forecasting:
        description = QStringLiteral("(batch, horizon, targets) normalised forecasts: value * scale + offset "
                                     "with the target normalisation (added to the last observed value when "
                                     "targets are relative)");
        break;
    case TaskKind::RasterAutoencoder:
    case TaskKind::SeriesAutoencoder:
        description = QStringLiteral("the reconstruction of the (normalised) input, same shape; the squared "
                                     "difference to the input is the anomaly score");
        break;
    }
    return { { QStringLiteral("description"), description } };
}

QJsonObject trainingData(const RunMetadata &run)
{
    const QJsonObject grid = run.config().value(QStringLiteral("grid")).toObject();
    QJsonObject data { { QStringLiteral("summary"), run.config().value(QStringLiteral("data")) } };
    if (!grid.isEmpty()) {
        const QJsonArray gt = grid.value(QStringLiteral("geoTransform")).toArray();
        data.insert(QStringLiteral("crs"), grid.value(QStringLiteral("crs")));
        data.insert(QStringLiteral("crsWkt"), run.trainingGrid().crs.wkt);
        if (gt.size() == 6)
            data.insert(QStringLiteral("resolution"),
                        QJsonArray { gt[1].toDouble(), std::abs(gt[5].toDouble()) });
        data.insert(QStringLiteral("grid"), grid);
    }
    return data;
}

} // namespace

QJsonObject ModelCard::build(const TrainedModel &trained)
{
    const RunMetadata &run = trained.metadata();
    const QJsonObject config = run.config();
    QJsonObject software = config.value(QStringLiteral("software")).toObject();
    software.insert(QStringLiteral("exportedWith"),
                    QJsonObject { { QStringLiteral("deepterra"), QCoreApplication::applicationVersion() },
                                  { QStringLiteral("libtorch"), TorchRuntime::libtorchVersion() } });
    QJsonObject targets;
    if (!run.targetColumns().isEmpty())
        targets = { { QStringLiteral("columns"), QJsonArray::fromStringList(run.targetColumns()) },
                    { QStringLiteral("normalization"), config.value(QStringLiteral("targetNormalizer")) },
                    { QStringLiteral("relative"), run.relativeTargets() } };
    return { { QStringLiteral("format"), QStringLiteral("deepterra-model-card") },
             { QStringLiteral("version"), 1 },
             { QStringLiteral("task"), TaskConfig::kindName(run.task()) },
             { QStringLiteral("model"), config.value(QStringLiteral("trainedModel")) },
             { QStringLiteral("input"), input(run) },
             { QStringLiteral("output"), output(run) },
             { QStringLiteral("classes"), config.value(QStringLiteral("classes")) },
             { QStringLiteral("targets"), targets },
             { QStringLiteral("trainingData"), trainingData(run) },
             { QStringLiteral("validation"), readMetrics(trained.runFolder()) },
             { QStringLiteral("software"), software },
             { QStringLiteral("trainingConfig"), config.value(QStringLiteral("setup")) },
             { QStringLiteral("trained"), config.value(QStringLiteral("started")) },
             { QStringLiteral("exported"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate) },
             { QStringLiteral("runConfig"), config } };
}

} // namespace deepterra
