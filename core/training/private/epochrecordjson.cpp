#include "training/private/epochrecordjson.h"

#include <cmath>

namespace deepterra {

QJsonObject EpochRecordJson::toJson(const EpochRecord &r)
{
    QJsonObject metrics;
    for (auto it = r.metrics.begin(); it != r.metrics.end(); ++it)
        metrics.insert(it.key(), std::isfinite(it.value()) ? QJsonValue(it.value()) : QJsonValue());
    return { { QStringLiteral("epoch"), r.epoch },
             { QStringLiteral("trainLoss"), r.trainLoss },
             { QStringLiteral("validationLoss"), r.validationLoss },
             { QStringLiteral("learningRate"), r.learningRate },
             { QStringLiteral("seconds"), r.seconds },
             { QStringLiteral("samplesPerSecond"), r.samplesPerSecond },
             { QStringLiteral("dataWaitShare"), r.dataWaitShare },
             { QStringLiteral("improved"), r.improved },
             { QStringLiteral("metrics"), metrics } };
}

EpochRecord EpochRecordJson::fromJson(const QJsonObject &j)
{
    EpochRecord r;
    r.epoch = j.value(QStringLiteral("epoch")).toInt();
    r.trainLoss = j.value(QStringLiteral("trainLoss")).toDouble();
    r.validationLoss = j.value(QStringLiteral("validationLoss")).toDouble();
    r.learningRate = j.value(QStringLiteral("learningRate")).toDouble();
    r.seconds = j.value(QStringLiteral("seconds")).toDouble();
    r.samplesPerSecond = j.value(QStringLiteral("samplesPerSecond")).toDouble();
    r.dataWaitShare = j.value(QStringLiteral("dataWaitShare")).toDouble();
    r.improved = j.value(QStringLiteral("improved")).toBool();
    const QJsonObject metrics = j.value(QStringLiteral("metrics")).toObject();
    for (auto it = metrics.begin(); it != metrics.end(); ++it)
        r.metrics.insert(it.key(), it.value().isDouble() ? it.value().toDouble() : std::nan(""));
    return r;
}

} // namespace deepterra
