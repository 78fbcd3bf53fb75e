#include "training/crossvalidationjob.h"

#include "common/dataerror.h"
#include "jobs/feedback.h"
#include "project/projectfile.h"
#include "training/runfolder.h"
#include "training/taskconfig.h"
#include "training/trainingsetup.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include <cmath>

namespace deepterra {

namespace {

QJsonObject figures(const QMap<QString, double> &metrics)
{
    QJsonObject object;
    for (auto it = metrics.cbegin(); it != metrics.cend(); ++it)
        object.insert(it.key(), std::isfinite(it.value()) ? QJsonValue(it.value()) : QJsonValue());
    return object;
}

// Per figure that every fold has a finite value of: {"mean": ..., "std": ...}, the standard
// deviation with n - 1 (the folds are a sample of the splits that could have been drawn).
QJsonObject acrossFolds(const QJsonArray &perFold, const QString &side)
{
    QJsonObject result;
    if (perFold.isEmpty())
        return result;
    const QJsonObject first = perFold.first().toObject().value(side).toObject();
    for (auto it = first.begin(); it != first.end(); ++it) {
        std::vector<double> values;
        for (const QJsonValue &fold : perFold) {
            const QJsonValue value = fold.toObject().value(side).toObject().value(it.key());
            if (value.isDouble())
                values.push_back(value.toDouble());
        }
        if (values.size() != std::size_t(perFold.size()))
            continue;
        double mean = 0;
        for (double v : values)
            mean += v;
        mean /= double(values.size());
        double squares = 0;
        for (double v : values)
            squares += (v - mean) * (v - mean);
        const QJsonValue deviation
            = values.size() > 1 ? QJsonValue(std::sqrt(squares / double(values.size() - 1))) : QJsonValue();
        result.insert(it.key(),
                      QJsonObject { { QStringLiteral("mean"), mean }, { QStringLiteral("std"), deviation } });
    }
    return result;
}

} // namespace

CrossValidationJob::CrossValidationJob(TrainingRequest request, int folds, TrainingEvents *events)
    : m_request(std::move(request))
    , m_folds(folds)
    , m_events(events)
{ }

void CrossValidationJob::run(Feedback &feedback)
{
    const Project project = m_request.project ? *m_request.project : ProjectFile::load(m_request.projectPath);
    if (project.filePath.isEmpty())
        throw DataError(project.name,
                        QStringLiteral("save the project first: its runs are written next to it"));
    if (m_folds < 2)
        throw DataError(project.filePath,
                        QStringLiteral("cross-validation needs at least 2 folds (got %1)").arg(m_folds));
    const TrainingSetup setup = TrainingSetup::fromProject(project);
    if (m_request.outputFolder.isEmpty()) {
        m_folder
            = QDir(setup.absoluteRunsFolder(project))
                  .filePath(
                      QStringLiteral("%1-%2-%3folds")
                          .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")),
                               TaskConfig::kindName(setup.task.kind))
                          .arg(m_folds));
    } else {
        m_folder = QFileInfo(m_request.outputFolder).absoluteFilePath();
    }
    if (!QDir().mkpath(m_folder))
        throw DataError(m_folder, QStringLiteral("cannot create the folder of the folds"));

    const QString method = setup.task.isRasterTask()
        ? (setup.task.split.kind == SplitKind::Random ? QStringLiteral("random patches")
                                                      : QStringLiteral("spatial blocks"))
        : QStringLiteral("rolling origin");
    QJsonArray perFold;
    const auto write = [&](bool complete) {
        m_summary = QJsonObject {
            { QStringLiteral("folds"), m_folds },
            { QStringLiteral("method"), method },
            { QStringLiteral("project"), project.filePath },
            { QStringLiteral("seed"), double(setup.training.seed) },
            { QStringLiteral("complete"), complete },
            { QStringLiteral("perFold"), perFold },
            { QStringLiteral("validation"), acrossFolds(perFold, QStringLiteral("validation")) },
        };
        const QJsonObject test = acrossFolds(perFold, QStringLiteral("test"));
        if (!test.isEmpty())
            m_summary.insert(QStringLiteral("test"), test);
        RunFolder::writeJson(QDir(m_folder).filePath(QStringLiteral("folds.json")), m_summary);
    };
    for (int fold = 0; fold < m_folds; ++fold) {
        feedback.info(QStringLiteral("Fold %1 of %2 (%3)").arg(fold + 1).arg(m_folds).arg(method));
        TrainingRequest request = m_request;
        request.folds = m_folds;
        request.fold = fold;
        request.outputFolder = QDir(m_folder).filePath(QStringLiteral("fold-%1").arg(fold + 1));
        TrainingJob job(request, m_events);
        job.run(feedback);
        const TrainingOutcome &outcome = job.outcome();
        QJsonObject entry { { QStringLiteral("fold"), fold + 1 },
                            { QStringLiteral("run"), QStringLiteral("fold-%1").arg(fold + 1) },
                            { QStringLiteral("bestEpoch"), outcome.bestEpoch },
                            { QStringLiteral("monitor"), outcome.monitoredMetric },
                            { QStringLiteral("validation"), figures(outcome.bestMetrics) } };
        if (!outcome.testMetrics.isEmpty())
            entry.insert(QStringLiteral("test"), figures(outcome.testMetrics));
        perFold.append(entry);
        write(fold + 1 == m_folds);
    }
}

} // namespace deepterra
