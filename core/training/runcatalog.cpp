#include "training/runcatalog.h"

#include "common/dataerror.h"
#include "training/runfolder.h"
#include "training/trainingconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QMap>

#include <algorithm>
#include <cmath>
#include <set>

namespace deepterra {

namespace {

const QString kAbsent = QString(QChar(0x2014)); // an em dash: the run has no such setting

QJsonObject readJsonObject(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw DataError(path, QStringLiteral("cannot read: %1").arg(file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw DataError(path, QStringLiteral("damaged: %1").arg(error.errorString()));
    return doc.object();
}

// True while a live process trains the run. A run removes its lock when it ends, so only a
// crashed run leaves one behind; QLockFile recognises it by its dead process id (stale time 0 so
// that a long epoch never makes a live lock look stale). Trying the lock only when the file
// exists keeps the panel from ever holding the lock of a run that is about to start.
bool trainedByLiveProcess(const RunFolder &run)
{
    const QString path = run.filePath(QStringLiteral("training.lock"));
    if (!QFileInfo::exists(path))
        return false;
    QLockFile lock(path);
    lock.setStaleLockTime(0);
    if (lock.tryLock(0)) {
        lock.unlock();
        return false;
    }
    return lock.error() == QLockFile::LockFailedError;
}

RunSummary::State stateOfStop(const QString &stop)
{
    if (stop == QLatin1String("completed"))
        return RunSummary::State::Finished;
    if (stop == QLatin1String("early-stopped"))
        return RunSummary::State::EarlyStopped;
    if (stop == QLatin1String("stopped"))
        return RunSummary::State::Stopped;
    if (stop == QLatin1String("non-finite-loss"))
        return RunSummary::State::Diverged;
    return RunSummary::State::Failed;
}

void setBestFromHistory(const std::vector<EpochRecord> &history, RunSummary &summary)
{
    const bool higher = TrainingConfig::higherIsBetter(summary.monitoredMetric);
    for (const EpochRecord &r : history) {
        const double v = r.metrics.value(summary.monitoredMetric, std::nan(""));
        if (std::isfinite(v)
            && (summary.bestEpoch == 0 || (higher ? v > summary.bestValue : v < summary.bestValue))) {
            summary.bestValue = v;
            summary.bestEpoch = r.epoch;
        }
    }
}

void applyMetrics(const QJsonObject &metrics, const QString &path, RunSummary &summary)
{
    const QString stop = metrics.value(QStringLiteral("stop")).toString();
    summary.state = stateOfStop(stop);
    const QString message = metrics.value(QStringLiteral("message")).toString();
    // "failed": reserved for a run that ends on an error and says so in metrics.json.
    if (summary.state == RunSummary::State::Diverged || stop == QLatin1String("failed"))
        summary.problem = message;
    else if (summary.state == RunSummary::State::Failed)
        summary.problem = QStringLiteral("%1: unknown end of training \"%2\"%3")
                              .arg(QDir::toNativeSeparators(path), stop,
                                   message.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(message));
    const QString device = metrics.value(QStringLiteral("device")).toString();
    if (!device.isEmpty())
        summary.device = device;
    const QString monitored = metrics.value(QStringLiteral("monitoredMetric")).toString();
    if (!monitored.isEmpty())
        summary.monitoredMetric = monitored;
    const QJsonValue best = metrics.value(QStringLiteral("bestValue"));
    if (best.isDouble()) {
        summary.bestValue = best.toDouble();
        summary.bestEpoch = metrics.value(QStringLiteral("bestEpoch")).toInt();
    }
    // A resumed run's metrics.json times its last session only; its history has every epoch.
    summary.trainingSeconds
        = std::max(summary.trainingSeconds, metrics.value(QStringLiteral("trainingSeconds")).toDouble());
    if (summary.epochsCompleted == 0)
        summary.epochsCompleted = metrics.value(QStringLiteral("epochsCompleted")).toInt();
}

// Throws DataError for a damaged file; summarize() turns it into a Failed run.
void readRun(RunSummary &summary)
{
    const RunFolder run(summary.path);
    const QJsonObject config = run.readConfig();
    const QJsonObject setup = config.value(QStringLiteral("setup")).toObject();
    const QJsonObject training = setup.value(QStringLiteral("training")).toObject();
    summary.task = setup.value(QStringLiteral("task")).toObject().value(QStringLiteral("type")).toString();
    summary.image = config.value(QStringLiteral("data")).toObject().value(QStringLiteral("image")).toString();
    summary.epochsPlanned = training.value(QStringLiteral("epochs")).toInt();
    summary.device = training.value(QStringLiteral("device")).toString();
    summary.monitoredMetric = training.value(QStringLiteral("earlyStopping"))
                                  .toObject()
                                  .value(QStringLiteral("metric"))
                                  .toString();
    if (summary.monitoredMetric.isEmpty())
        summary.monitoredMetric = QStringLiteral("val_loss");
    const QDateTime started
        = QDateTime::fromString(config.value(QStringLiteral("started")).toString(), Qt::ISODate);
    if (started.isValid())
        summary.startedAt = started;

    const std::vector<EpochRecord> history = run.readHistory();
    summary.epochsCompleted = int(history.size());
    for (const EpochRecord &r : history)
        summary.trainingSeconds += std::isfinite(r.seconds) ? r.seconds : 0.0;
    setBestFromHistory(history, summary);

    const QString metricsPath = run.filePath(QStringLiteral("metrics.json"));
    // A resumed run keeps the metrics.json of the session that was stopped until it ends again:
    // the lock says whether it trains now.
    if (trainedByLiveProcess(run))
        summary.state = RunSummary::State::Running;
    else if (!QFileInfo::exists(metricsPath))
        summary.state = RunSummary::State::Interrupted;
    else
        applyMetrics(readJsonObject(metricsPath), metricsPath, summary);
    summary.resumable
        = (summary.state == RunSummary::State::Interrupted || summary.state == RunSummary::State::Stopped)
        && QFileInfo::exists(run.checkpointPath(QStringLiteral("last.pt")));
}

QString settingText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double v = value.toDouble();
        return v == std::floor(v) && std::abs(v) < 1e15 ? QString::number(qint64(v))
                                                        : QString::number(v, 'g', 12);
    }
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
        return QStringLiteral("null");
    default:
        return {};
    }
}

// Objects become dotted keys; arrays stay one value (band lists, channel widths read best whole).
void flatten(const QJsonObject &object, const QString &prefix, QMap<QString, QString> &into)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = prefix.isEmpty() ? it.key() : prefix + QLatin1Char('.') + it.key();
        if (it.value().isObject())
            flatten(it.value().toObject(), key, into);
        else
            into.insert(key, settingText(it.value()));
    }
}

} // namespace

RunSummary RunCatalog::summarize(const QString &runFolder)
{
    RunSummary summary;
    const QFileInfo info(runFolder);
    summary.path = info.absoluteFilePath();
    summary.name = info.fileName();
    try {
        readRun(summary);
    } catch (const DataError &e) {
        summary.state = RunSummary::State::Failed;
        summary.problem = e.message();
        summary.resumable = false;
    } catch (const std::exception &e) {
        summary.state = RunSummary::State::Failed;
        summary.problem = QString::fromUtf8(e.what());
        summary.resumable = false;
    }
    return summary;
}

std::vector<RunSummary> RunCatalog::scan(const QString &runsFolder)
{
    const QDir root(runsFolder);
    if (runsFolder.isEmpty() || !root.exists())
        return {};
    std::vector<std::pair<QDateTime, RunSummary>> runs;
    // The runs, and the fold runs of a cross-validation (a folder with folds.json), named
    // "<folds folder>/fold-N".
    std::vector<std::pair<QFileInfo, QString>> candidates;
    for (const QFileInfo &entry : root.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QDir folder(entry.absoluteFilePath());
        if (!folder.exists(QStringLiteral("folds.json"))) {
            candidates.emplace_back(entry, entry.fileName());
            continue;
        }
        for (const QFileInfo &fold : folder.entryInfoList({ QStringLiteral("fold-*") }, QDir::Dirs))
            candidates.emplace_back(fold, entry.fileName() + QLatin1Char('/') + fold.fileName());
    }
    for (const auto &[entry, name] : candidates) {
        const QFileInfo config(QDir(entry.absoluteFilePath()).filePath(QStringLiteral("config.json")));
        if (!config.exists())
            continue; // not a run: a split preview, a user's folder
        RunSummary summary = summarize(entry.absoluteFilePath());
        summary.name = name;
        // A run too damaged to say when it started sorts by when its configuration was written.
        const QDateTime when = summary.startedAt.isValid() ? summary.startedAt : config.lastModified();
        runs.emplace_back(when, std::move(summary));
    }
    std::sort(runs.begin(), runs.end(), [](const auto &a, const auto &b) {
        if (a.first != b.first)
            return a.first > b.first;
        return a.second.name > b.second.name; // names start with the start time
    });
    std::vector<RunSummary> result;
    result.reserve(runs.size());
    for (auto &run : runs)
        result.push_back(std::move(run.second));
    return result;
}

std::vector<RunSummary> RunCatalog::interrupted(const QString &runsFolder)
{
    std::vector<RunSummary> runs = scan(runsFolder);
    runs.erase(std::remove_if(runs.begin(), runs.end(),
                              [](const RunSummary &r) { return r.state != RunSummary::State::Interrupted; }),
               runs.end());
    return runs;
}

QVector<SettingDifference> RunCatalog::differingSettings(const QStringList &runFolders)
{
    std::vector<QMap<QString, QString>> settings;
    std::set<QString> keys;
    for (const QString &folder : runFolders) {
        QMap<QString, QString> flat;
        flatten(RunFolder(folder).readConfig().value(QStringLiteral("setup")).toObject(), QString(), flat);
        for (auto it = flat.begin(); it != flat.end(); ++it)
            keys.insert(it.key());
        settings.push_back(std::move(flat));
    }
    QVector<SettingDifference> differences;
    for (const QString &key : keys) {
        SettingDifference difference { key, {} };
        for (const auto &flat : settings)
            difference.values << flat.value(key, kAbsent);
        if (difference.values.count(difference.values.first()) != difference.values.size())
            differences.push_back(difference);
    }
    return differences;
}

} // namespace deepterra
