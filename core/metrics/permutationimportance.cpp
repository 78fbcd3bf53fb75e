#include "metrics/permutationimportance.h"

#include "common/atomicfile.h"
#include "common/dataerror.h"
#include "metrics/jsonnumber.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

QJsonArray entriesToJson(const std::vector<InputImportance> &entries)
{
    QJsonArray array;
    for (const InputImportance &e : entries)
        array.append(QJsonObject { { QStringLiteral("name"), e.name },
                                   { QStringLiteral("drop"), jsonNumber(e.drop) },
                                   { QStringLiteral("std"), jsonNumber(e.spread) } });
    return array;
}

std::vector<InputImportance> entriesFromJson(const QJsonArray &array)
{
    std::vector<InputImportance> entries;
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        InputImportance e;
        e.name = o.value(QStringLiteral("name")).toString();
        // null: a drop that was not defined (NaN) when it was written.
        e.drop = o.value(QStringLiteral("drop")).toDouble(std::nan(""));
        e.spread = o.value(QStringLiteral("std")).toDouble(std::nan(""));
        entries.push_back(e);
    }
    return entries;
}

QString metricsPath(const QString &runFolder)
{
    return QDir(runFolder).filePath(QStringLiteral("metrics.json"));
}

QJsonObject readMetrics(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw DataError(path, QStringLiteral("cannot be read: %1").arg(file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw DataError(path, QStringLiteral("damaged metrics: %1").arg(error.errorString()));
    return doc.object();
}

} // namespace

InputImportance PermutationImportance::summarize(const QString &name, const std::vector<double> &drops)
{
    InputImportance e;
    e.name = name;
    if (drops.empty()) {
        e.drop = std::nan("");
        e.spread = std::nan("");
        return e;
    }
    double sum = 0.0;
    for (double d : drops)
        sum += d;
    e.drop = sum / double(drops.size());
    double squares = 0.0;
    for (double d : drops)
        squares += (d - e.drop) * (d - e.drop);
    e.spread = drops.size() > 1 ? std::sqrt(squares / double(drops.size() - 1)) : 0.0;
    return e;
}

void PermutationImportance::sortByDrop(std::vector<InputImportance> &entries)
{
    // NaN drops (undefined metric) go last rather than breaking the ordering.
    std::stable_sort(entries.begin(), entries.end(), [](const InputImportance &a, const InputImportance &b) {
        const bool aKnown = std::isfinite(a.drop);
        const bool bKnown = std::isfinite(b.drop);
        if (aKnown != bKnown)
            return aKnown;
        return aKnown && a.drop > b.drop;
    });
}

QJsonObject PermutationImportance::toJson() const
{
    QJsonObject json { { QStringLiteral("metric"), metric },
                       { QStringLiteral("baseline"), jsonNumber(baseline) },
                       { QStringLiteral("repeats"), repeats },
                       { QStringLiteral("seed"), double(seed) },
                       { QStringLiteral("validationExamples"), validationExamples },
                       { QStringLiteral("inputs"), entriesToJson(inputs) } };
    if (!lags.empty())
        json.insert(QStringLiteral("lags"), entriesToJson(lags));
    return json;
}

PermutationImportance PermutationImportance::fromJson(const QJsonObject &json, const QString &path)
{
    PermutationImportance p;
    p.metric = json.value(QStringLiteral("metric")).toString();
    if (p.metric.isEmpty() || !json.value(QStringLiteral("inputs")).isArray())
        throw DataError(path,
                        QStringLiteral("\"%1\" needs a \"metric\" and a list of \"inputs\"")
                            .arg(QLatin1String(kMetricsKey)));
    p.baseline = json.value(QStringLiteral("baseline")).toDouble(std::nan(""));
    p.repeats = json.value(QStringLiteral("repeats")).toInt();
    p.seed = std::uint64_t(json.value(QStringLiteral("seed")).toDouble());
    p.validationExamples = json.value(QStringLiteral("validationExamples")).toInt();
    p.inputs = entriesFromJson(json.value(QStringLiteral("inputs")).toArray());
    p.lags = entriesFromJson(json.value(QStringLiteral("lags")).toArray());
    return p;
}

std::optional<PermutationImportance> PermutationImportance::readFromRun(const QString &runFolder)
{
    const QString path = metricsPath(runFolder);
    if (!QFile::exists(path))
        return std::nullopt;
    const QJsonObject metrics = readMetrics(path);
    const QJsonValue block = metrics.value(QLatin1String(kMetricsKey));
    if (!block.isObject())
        return std::nullopt;
    return fromJson(block.toObject(), path);
}

void PermutationImportance::writeToRun(const QString &runFolder) const
{
    const QString path = metricsPath(runFolder);
    if (!QFile::exists(path))
        throw DataError(path, QStringLiteral("the run has no metrics yet: it has not finished an epoch"));
    QJsonObject metrics = readMetrics(path);
    metrics.insert(QLatin1String(kMetricsKey), toJson());
    AtomicFile::write(path, QJsonDocument(metrics).toJson(QJsonDocument::Indented),
                      QStringLiteral("cannot write the permutation importance"));
}

} // namespace deepterra
