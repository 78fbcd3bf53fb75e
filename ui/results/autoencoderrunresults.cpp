#include "results/autoencoderrunresults.h"

#include "common/dataerror.h"
#include "results/predictionoutputs.h"
#include "results/testsplitfigures.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace deepterra {

namespace {

QJsonObject readObject(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw DataError(path, QStringLiteral("cannot be read: %1").arg(file.errorString()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        throw DataError(path, QStringLiteral("is not a JSON object: %1").arg(error.errorString()));
    return document.object();
}

// metrics.json writes NaN as null.
double number(const QJsonObject &object, const QString &key)
{
    const QJsonValue value = object.value(key);
    return value.isDouble() ? value.toDouble() : std::numeric_limits<double>::quiet_NaN();
}

} // namespace

qint64 AutoencoderRunResults::anomalousCount() const
{
    return std::isfinite(anomalyFraction) ? qint64(std::llround(anomalyFraction * double(count))) : 0;
}

AutoencoderRunResults AutoencoderRunResults::load(const QString &runFolder)
{
    const QString metricsPath = QDir(runFolder).filePath(QStringLiteral("metrics.json"));
    const QJsonObject metrics = readObject(metricsPath);
    const QJsonObject details = metrics.value(QStringLiteral("details")).toObject();
    AutoencoderRunResults results;
    results.runFolder = runFolder;
    results.task = details.value(QStringLiteral("task")).toString();
    if (results.task != QLatin1String("raster-autoencoder")
        && results.task != QLatin1String("series-autoencoder"))
        throw DataError(metricsPath,
                        QStringLiteral("the run is a %1 run, not an autoencoder run")
                            .arg(results.task.isEmpty() ? QStringLiteral("unknown") : results.task));
    const QJsonObject reconstruction = details.value(QStringLiteral("reconstruction")).toObject();
    const QJsonObject histogram = reconstruction.value(QStringLiteral("histogram")).toObject();
    for (const QJsonValue &edge : histogram.value(QStringLiteral("edges")).toArray())
        results.histogramEdges.push_back(edge.toDouble());
    for (const QJsonValue &count : histogram.value(QStringLiteral("counts")).toArray())
        results.histogramCounts.push_back(qint64(count.toDouble()));
    results.count = qint64(reconstruction.value(QStringLiteral("count")).toDouble());
    results.mean = number(reconstruction, QStringLiteral("mean"));
    results.thresholdPercentile = reconstruction.value(QStringLiteral("thresholdPercentile")).toDouble(99.0);
    results.threshold = number(reconstruction, QStringLiteral("threshold"));
    results.anomalyFraction = number(reconstruction, QStringLiteral("anomalyFraction"));
    if (results.count <= 0 || results.histogramCounts.empty()
        || results.histogramEdges.size() != results.histogramCounts.size() + 1)
        throw DataError(metricsPath,
                        QStringLiteral("holds no validation reconstruction errors (the run stopped before "
                                       "its first validation)"));
    if (results.isRaster())
        results.image = PredictionOutputs::trainingImage(runFolder);
    results.testSplit = TestSplitFigures::describe(metrics.value(QStringLiteral("test")).toObject());
    return results;
}

} // namespace deepterra
