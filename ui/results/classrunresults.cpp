#include "results/classrunresults.h"

#include "common/dataerror.h"
#include "results/testsplitfigures.h"
#include "training/runfolder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>

#include <limits>

namespace deepterra {

namespace {

// A score as metrics.json holds it: null is an undefined score (NaN); a missing key leaves the
// computed value alone.
void takeReported(const QJsonObject &object, const QString &key, double &value)
{
    if (!object.contains(key))
        return;
    const QJsonValue reported = object.value(key);
    value = reported.isDouble() ? reported.toDouble() : std::numeric_limits<double>::quiet_NaN();
}

QJsonObject readMetricsFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw DataError(path, QObject::tr("cannot be read: %1").arg(file.errorString()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        throw DataError(path, QObject::tr("is not a metrics file: %1").arg(error.errorString()));
    return document.object();
}

} // namespace

ClassRunResults ClassRunResults::load(const QString &runFolder)
{
    ClassRunResults results;
    results.runFolder = runFolder;
    const RunFolder run(runFolder);
    const QJsonObject config = run.readConfig();
    results.task = config.value(QStringLiteral("setup"))
                       .toObject()
                       .value(QStringLiteral("task"))
                       .toObject()
                       .value(QStringLiteral("type"))
                       .toString();
    if (!isClassTask(results.task)) {
        results.problem = QObject::tr("A %1 run has no confusion matrix.").arg(results.task);
        return results;
    }
    results.classes = ClassTable::fromJson(config.value(QStringLiteral("classes")).toArray());

    const QString metricsPath = run.filePath(QStringLiteral("metrics.json"));
    if (!QFile::exists(metricsPath)) {
        results.problem = QObject::tr("The run has not finished: its results appear when it does.");
        return results;
    }
    const QJsonObject metrics = readMetricsFile(metricsPath);
    results.bestEpoch = metrics.value(QStringLiteral("bestEpoch")).toInt();
    results.stop = metrics.value(QStringLiteral("stop")).toString();
    const QJsonObject classification = metrics.value(QStringLiteral("details"))
                                           .toObject()
                                           .value(QStringLiteral("classification"))
                                           .toObject();
    const QJsonValue matrix = classification.value(QStringLiteral("confusionMatrix"));
    if (!matrix.isArray()) {
        results.problem = results.stop == QLatin1String("failed")
            ? QObject::tr("The run failed: %1").arg(metrics.value(QStringLiteral("message")).toString())
            : QObject::tr("The run has no validation confusion matrix (it stopped before validating).");
        return results;
    }

    const ConfusionMatrix confusion = ConfusionMatrix::fromJson(matrix.toArray(), metricsPath);
    results.metrics = ClassificationMetrics::compute(confusion);
    takeReported(classification, QStringLiteral("overallAccuracy"), results.metrics.overallAccuracy);
    takeReported(classification, QStringLiteral("meanIoU"), results.metrics.meanIoU);
    takeReported(classification, QStringLiteral("kappa"), results.metrics.kappa);
    takeReported(classification, QStringLiteral("macroF1"), results.metrics.macroF1);
    for (const QJsonValue &value : classification.value(QStringLiteral("classes")).toArray()) {
        const QJsonObject entry = value.toObject();
        const int index = entry.value(QStringLiteral("index")).toInt(-1);
        if (index < 0 || index >= int(results.metrics.perClass.size()))
            continue;
        ClassMetrics &m = results.metrics.perClass[std::size_t(index)];
        takeReported(entry, QStringLiteral("precision"), m.precision);
        takeReported(entry, QStringLiteral("recall"), m.recall);
        takeReported(entry, QStringLiteral("f1"), m.f1);
        takeReported(entry, QStringLiteral("iou"), m.iou);
    }
    results.hasMatrix = true;
    results.testSplit = TestSplitFigures::describe(metrics.value(QStringLiteral("test")).toObject());
    return results;
}

} // namespace deepterra
