#include "training/trainingjob.h"

#include "common/dataerror.h"
#include "distributed/localranks.h"
#include "distributed/processgroup.h"
#include "distributed/processlost.h"
#include "geodata/gdalenvironment.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"
#include "models/modelspecjson.h"
#include "project/layersource.h"
#include "project/projectfile.h"
#include "runtime/torchruntime.h"
#include "training/runfolder.h"
#include "training/setupvalidator.h"
#include "training/splitlayerbuilder.h"
#include "training/trainingdatabuilder.h"
#include "training/trainingevents.h"
#include "training/trainingsetup.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QTemporaryFile>
#include <QThread>

#include <cmath>

namespace deepterra {

namespace {

QJsonObject gridJson(const RasterGrid &grid)
{
    if (!grid.isValid())
        return {};
    QJsonArray gt;
    for (double c : grid.geoTransform.coefficients())
        gt.append(c);
    return { { QStringLiteral("width"), grid.width },
             { QStringLiteral("height"), grid.height },
             { QStringLiteral("geoTransform"), gt },
             { QStringLiteral("crs"), grid.crs.identifier() },
             { QStringLiteral("pixelSize"), grid.geoTransform.pixelWidth() } };
}

// split.gpkg: where the run's training, validation and test patches lie, for the map and the report.
// A run trains without it: a layer that cannot be drawn or written is a warning.
void writeSplitLayer(const RunFolder &run, const TrainingData &data, const TrainingSetup &setup,
                     Feedback &feedback)
{
    const QString path = run.filePath(QStringLiteral("split.gpkg"));
    try {
        SplitLayerBuilder::build(data, setup.task, setup.training.seed, path).layer.write(path, data.grid);
    } catch (const DataError &error) {
        feedback.warning(QStringLiteral("The split's layer was not written: %1").arg(error.message()));
    }
}

QJsonObject metricsMap(const QMap<QString, double> &metrics)
{
    QJsonObject json;
    for (auto it = metrics.begin(); it != metrics.end(); ++it)
        json.insert(it.key(), std::isfinite(it.value()) ? QJsonValue(it.value()) : QJsonValue());
    return json;
}

QString stopName(TrainingOutcome::Stop stop)
{
    switch (stop) {
    case TrainingOutcome::Stop::Completed:
        return QStringLiteral("completed");
    case TrainingOutcome::Stop::EarlyStopped:
        return QStringLiteral("early-stopped");
    case TrainingOutcome::Stop::NonFiniteLoss:
        return QStringLiteral("non-finite-loss");
    }
    return {};
}

// metrics.json of a run the user stopped: what the completed epochs reached.
QJsonObject stoppedMetrics(const std::vector<EpochRecord> &history, const QString &monitored,
                           const QString &device, double seconds)
{
    const bool higher = TrainingConfig::higherIsBetter(monitored);
    const EpochRecord *best = nullptr;
    for (const EpochRecord &r : history) {
        const double v = r.metrics.value(monitored, std::nan(""));
        if (std::isfinite(v)
            && (!best || (higher ? v > best->metrics.value(monitored) : v < best->metrics.value(monitored))))
            best = &r;
    }
    return { { QStringLiteral("stop"), QStringLiteral("stopped") },
             { QStringLiteral("message"),
               QStringLiteral("stopped by the user after %1 epoch(s)").arg(history.size()) },
             { QStringLiteral("device"), device },
             { QStringLiteral("epochsCompleted"), int(history.size()) },
             { QStringLiteral("bestEpoch"), best ? best->epoch : 0 },
             { QStringLiteral("monitoredMetric"), monitored },
             { QStringLiteral("bestValue"),
               best ? QJsonValue(best->metrics.value(monitored)) : QJsonValue() },
             { QStringLiteral("metrics"), best ? metricsMap(best->metrics) : QJsonObject() },
             { QStringLiteral("trainingSeconds"), seconds } };
}

} // namespace

TrainingJob::TrainingJob(TrainingRequest request, TrainingEvents *events)
    : m_request(std::move(request))
    , m_events(events)
{ }

void TrainingJob::run(Feedback &feedback)
{
    const bool resume = !m_request.resumeRun.isEmpty();
    Project project;
    TrainingSetup setup;
    QJsonObject previousConfig;
    std::optional<RunFolder> folder;
    if (resume) {
        folder.emplace(QFileInfo(m_request.resumeRun).absoluteFilePath());
        previousConfig = folder->readConfig();
        project = ProjectFile::load(previousConfig.value(QStringLiteral("projectPath")).toString());
        setup = TrainingSetup::fromJson(previousConfig.value(QStringLiteral("setup")).toObject(),
                                        folder->filePath(QStringLiteral("config.json")));
    } else {
        project = m_request.project ? *m_request.project : ProjectFile::load(m_request.projectPath);
        if (project.filePath.isEmpty())
            throw DataError(project.name,
                            QStringLiteral("save the project first: its runs are written next to it"));
        setup = TrainingSetup::fromProject(project);
    }
    if (m_request.epochs)
        setup.training.epochs = *m_request.epochs;
    if (!m_request.device.isEmpty())
        setup.training.device = m_request.device;
    if (m_request.threads)
        setup.training.threads = *m_request.threads;
    if (m_request.precision)
        setup.training.precision = *m_request.precision;
    if (!resume) {
        // The project's folds are the number cross-validation uses; a single run keeps the
        // project's own split.
        setup.task.split.folds = m_request.folds >= 2 ? m_request.folds : 0;
        setup.task.split.fold = m_request.folds >= 2 ? m_request.fold : 0;
        // Folds are separate runs, trained one after another in this process.
        if (m_request.folds >= 2)
            setup.training.processes = 1;
    }
    // A resumed run goes on with the set-up it was checked with when it started.
    if (!resume)
        SetupValidator::require(setup.toJson(), project);

    // A data-parallel job: rank 0 makes the run folder and writes everything in it; the other ranks
    // train beside it and write nothing.
    // Declared before the group: their destructors wait for the other ranks, which end once the
    // group is gone.
    std::unique_ptr<LocalRanks> localRanks;
    std::unique_ptr<QTemporaryFile> snapshot;
    std::shared_ptr<ProcessGroup> group = m_request.processGroup;
    if (!group && setup.training.processes > 1)
        group = startLocalRanks(project, setup, localRanks, snapshot, feedback);
    // The run records the processes it started itself: a launcher's (--nproc, srun) start again
    // with the launcher, and a resume without it trains in one.
    if (!localRanks)
        setup.training.processes = 1;
    const bool lead = !group || group->isLead();
    if (!folder && !lead) {
        folder.emplace(group->shareFromLead(QStringLiteral("run-folder"), QString()));
    } else if (!folder) {
        if (!m_request.outputFolder.isEmpty()) {
            folder.emplace(QFileInfo(m_request.outputFolder).absoluteFilePath());
            if (!QDir().mkpath(folder->filePath(QStringLiteral("checkpoints"))))
                throw DataError(folder->path(), QStringLiteral("cannot create the run folder"));
        } else {
            folder.emplace(
                RunFolder::create(setup.absoluteRunsFolder(project), TaskConfig::kindName(setup.task.kind)));
        }
    }
    if (group && lead && resume == false)
        group->shareFromLead(QStringLiteral("run-folder"), folder->path());
    m_runFolder = folder->path();
    const RunFolder run = *folder;
    if (!lead) {
        trainBesideTheLead(setup, project, run, feedback);
        return;
    }
    QLockFile lock(run.filePath(QStringLiteral("training.lock")));
    lock.setStaleLockTime(0); // a lock outlives only a dead process; QLockFile detects that by pid
    if (!lock.tryLock(0))
        throw DataError(run.path(),
                        lock.error() == QLockFile::LockFailedError
                            ? QStringLiteral("another process is training this run already")
                            : QStringLiteral("cannot write the lock file training.lock"));
    // On the job's thread, line by line: every message is in the file before the run ends, and a
    // fold's lines stay in its own run's log.
    const QMetaObject::Connection logging = QObject::connect(
        &feedback, &Feedback::messageReported, &feedback,
        [run](Feedback::Level level, const QString &text) {
            const char *prefix = level == Feedback::Level::Error ? "error: "
                : level == Feedback::Level::Warning              ? "warning: "
                                                                 : "";
            run.appendLog(QLatin1String(prefix) + text);
        },
        Qt::DirectConnection);
    struct Disconnect
    {
        QMetaObject::Connection connection;
        ~Disconnect() { QObject::disconnect(connection); }
    } disconnect { logging };

    feedback.info(QStringLiteral("%1 run in %2")
                      .arg(resume ? QStringLiteral("Resuming the") : QStringLiteral("Starting a"),
                           QDir::toNativeSeparators(run.path())));
    if (group)
        feedback.info(
            QStringLiteral("%1 processes train together, each on a slice of every batch (data-parallel)")
                .arg(group->size()));
    feedback.info(QStringLiteral("Preparing the %1 data").arg(TaskConfig::kindName(setup.task.kind)));
    auto data = std::make_shared<TrainingData>(
        TrainingDataBuilder::build(project, setup.task, setup.training.seed, &feedback));
    feedback.info(QStringLiteral("%1 training and %2 validation examples")
                      .arg(data->train->size())
                      .arg(data->validation->size()));

    const ModelSpec fitted = Trainer::fitSpecToData(setup.model, *data);
    QJsonArray classes = data->classes.toJson();
    QJsonObject config { { QStringLiteral("format"), QStringLiteral("deepterra-run") },
                         { QStringLiteral("version"), 1 },
                         { QStringLiteral("projectPath"), project.filePath },
                         { QStringLiteral("setup"), setup.toJson() },
                         { QStringLiteral("trainedModel"), ModelSpecJson::toJson(fitted) },
                         { QStringLiteral("inputChannels"), QJsonArray::fromStringList(data->inputChannels) },
                         { QStringLiteral("normalizer"), data->normalizer.toJson() },
                         { QStringLiteral("classes"), classes },
                         { QStringLiteral("patchSize"), data->patchSize },
                         { QStringLiteral("grid"), gridJson(data->grid) },
                         { QStringLiteral("targetColumns"), QJsonArray::fromStringList(data->targetColumns) },
                         { QStringLiteral("targetNormalizer"), data->targetNormalizer.toJson() },
                         { QStringLiteral("data"), data->summary },
                         { QStringLiteral("started"),
                           resume ? previousConfig.value(QStringLiteral("started"))
                                  : QJsonValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)) },
                         { QStringLiteral("software"),
                           QJsonObject {
                               { QStringLiteral("deepterra"), QCoreApplication::applicationVersion() },
                               { QStringLiteral("qt"), QString::fromLatin1(qVersion()) },
                               { QStringLiteral("libtorch"), TorchRuntime::libtorchVersion() },
                               { QStringLiteral("gdal"), GdalEnvironment::gdalVersion() } } } };
    run.writeConfig(config);
    if (setup.task.kind == TaskKind::Segmentation || setup.task.kind == TaskKind::PatchClassification)
        writeSplitLayer(run, *data, setup, feedback);

    TrainerOptions options;
    options.model = setup.model;
    options.config = setup.training;
    options.runDirectory = run.path();
    options.resume = resume;
    options.liveSnapshotSeconds = m_request.liveSnapshotSeconds;
    options.processGroup = group;
    std::vector<EpochRecord> history;
    options.historyChanged = [run, &history](const std::vector<EpochRecord> &h) {
        run.writeHistory(h);
        history = h;
    };
    const QString monitored = setup.training.earlyStoppingMetric.isEmpty()
        ? QStringLiteral("val_loss")
        : setup.training.earlyStoppingMetric;
    if (m_events) {
        RunStart start;
        start.runFolder = run.path();
        start.task = TaskConfig::kindName(setup.task.kind);
        start.monitoredMetric = monitored;
        start.epochs = setup.training.epochs;
        start.resumed = resume;
        for (const ClassEntry &c : data->classes.entries)
            start.classNames << c.name;
        start.inputChannels = data->inputChannels;
        start.trainingExamples = int(data->train->size());
        start.validationExamples = int(data->validation->size());
        const ProjectLayer *source = project.layer(setup.task.isRasterTask() ? setup.task.raster.imageLayer
                                                                             : setup.task.series.seriesLayer);
        if (source)
            (setup.task.isRasterTask() ? start.imagePath : start.seriesPath) = setup.task.isRasterTask()
                ? LayerSource::raster(project, *source)
                : LayerSource::series(project, *source);
        start.validationShare = setup.task.split.validationFraction;
        start.processes = group ? group->size() : 1;
        m_events->announceRunStarted(start);
    }
    QElapsedTimer clock;
    clock.start();
    Trainer trainer(data, options);
    try {
        m_outcome = trainer.run(feedback, m_events);
        if (localRanks)
            localRanks->markFinished();
    } catch (const JobCanceled &) {
        QString device;
        try {
            device = TorchRuntime::resolveDevice(setup.training.device);
        } catch (const DataError &) { }
        run.writeMetrics(stoppedMetrics(history, monitored, device, double(clock.elapsed()) / 1000.0));
        feedback.info(
            QStringLiteral("Stopped after %1 epoch(s); resume the run to continue").arg(history.size()));
        throw;
    } catch (const ProcessLost &lost) {
        // Another process of a data-parallel job is gone: the run is interrupted, and resumes.
        // A rank this job started says why in its log, kept with the run.
        if (localRanks)
            localRanks->keepLogs(run.path());
        const QString failures = localRanks ? localRanks->failures() : QString();
        if (!failures.isEmpty())
            throw ProcessLost(lost.path(),
                              lost.cause() + QStringLiteral(" (") + failures + QStringLiteral(")"));
        throw;
    } catch (const std::exception &e) {
        // A failed run is not an interrupted one: the runs panel must not offer it for resume.
        const QString message = dynamic_cast<const DataError *>(&e)
            ? static_cast<const DataError &>(e).message()
            : QString::fromUtf8(e.what());
        run.writeMetrics({ { QStringLiteral("stop"), QStringLiteral("failed") },
                           { QStringLiteral("message"), message },
                           { QStringLiteral("epochsCompleted"), int(history.size()) } });
        throw;
    }

    QJsonObject metrics { { QStringLiteral("stop"), stopName(m_outcome.stop) },
                          { QStringLiteral("message"), m_outcome.message },
                          { QStringLiteral("device"), m_outcome.device },
                          { QStringLiteral("epochsCompleted"), m_outcome.epochsCompleted },
                          { QStringLiteral("bestEpoch"), m_outcome.bestEpoch },
                          { QStringLiteral("monitoredMetric"), m_outcome.monitoredMetric },
                          { QStringLiteral("bestValue"),
                            std::isfinite(m_outcome.bestValue) ? QJsonValue(m_outcome.bestValue)
                                                               : QJsonValue() },
                          { QStringLiteral("metrics"), metricsMap(m_outcome.bestMetrics) },
                          { QStringLiteral("details"), m_outcome.bestDetails },
                          { QStringLiteral("trainingSeconds"), double(clock.elapsed()) / 1000.0 } };
    // Kept apart from the validation figures, which chose the best epoch and so flatter it a little.
    if (!m_outcome.testMetrics.isEmpty())
        metrics.insert(QStringLiteral("test"),
                       QJsonObject { { QStringLiteral("metrics"), metricsMap(m_outcome.testMetrics) },
                                     { QStringLiteral("details"), m_outcome.testDetails },
                                     { QStringLiteral("examples"), double(data->test->size()) },
                                     { QStringLiteral("evaluatedAtEpoch"), m_outcome.bestEpoch } });
    run.writeMetrics(metrics);
    if (m_outcome.stop == TrainingOutcome::Stop::NonFiniteLoss)
        throw DataError(QString(), m_outcome.message);
    feedback.info(QStringLiteral("Finished after %1 epoch(s); best %2 = %3 at epoch %4")
                      .arg(m_outcome.epochsCompleted)
                      .arg(m_outcome.monitoredMetric)
                      .arg(m_outcome.bestValue)
                      .arg(m_outcome.bestEpoch));
}

std::shared_ptr<ProcessGroup> TrainingJob::startLocalRanks(const Project &project, TrainingSetup &setup,
                                                           std::unique_ptr<LocalRanks> &ranks,
                                                           std::unique_ptr<QTemporaryFile> &snapshot,
                                                           Feedback &feedback)
{
    const int processes = setup.training.processes;
    if (m_request.rankProgram.isEmpty())
        throw DataError(
            project.filePath,
            QStringLiteral("training.processes: this program cannot start the training's other %1 "
                           "processes; run deepterra-cli train")
                .arg(processes - 1));
    if (!ProcessGroup::isAvailable())
        throw DataError(
            project.filePath,
            QStringLiteral("training.processes: this build of Deepterra cannot train over several "
                           "processes (it was built without Gloo, libgloo-dev): train in one"));
    if (setup.training.threads <= 0)
        setup.training.threads = std::max(1, QThread::idealThreadCount() / processes);
    QStringList arguments { QStringLiteral("train") };
    if (!m_request.resumeRun.isEmpty()) {
        arguments << QStringLiteral("--resume") << QFileInfo(m_request.resumeRun).absoluteFilePath();
    } else {
        // The project as it is in memory (the app's forms need not be saved first).
        snapshot = std::make_unique<QTemporaryFile>(
            QFileInfo(project.filePath).dir().filePath(QStringLiteral(".deepterra-ranks-XXXXXX.deepterra")));
        if (!snapshot->open()
            || snapshot->write(QJsonDocument(ProjectFile::toJson(project, snapshot->fileName())).toJson()) < 0
            || !snapshot->flush())
            throw DataError(QFileInfo(project.filePath).absolutePath(),
                            QStringLiteral("cannot write the project for the training's other processes: %1")
                                .arg(snapshot->errorString()));
        arguments << snapshot->fileName();
    }
    arguments << QStringLiteral("--threads") << QString::number(setup.training.threads);
    if (m_request.epochs)
        arguments << QStringLiteral("--epochs") << QString::number(*m_request.epochs);
    if (!m_request.device.isEmpty())
        arguments << QStringLiteral("--device") << m_request.device;
    if (m_request.precision)
        arguments << QStringLiteral("--precision")
                  << TrainingConfig::precisionNames().value(int(*m_request.precision));
    // As a launcher's ranks read it (DistributedSettings::fromEnvironment), refused the same way.
    int timeout = DistributedSettings::kDefaultTimeoutSeconds;
    if (qEnvironmentVariableIsSet("DEEPTERRA_DIST_TIMEOUT")) {
        bool ok = false;
        timeout = qEnvironmentVariable("DEEPTERRA_DIST_TIMEOUT").toInt(&ok);
        if (!ok || timeout < 1)
            throw DataError(QStringLiteral("DEEPTERRA_DIST_TIMEOUT"),
                            QStringLiteral("must be a whole number of seconds above 0 (got \"%1\")")
                                .arg(qEnvironmentVariable("DEEPTERRA_DIST_TIMEOUT")));
    }
    feedback.info(
        QStringLiteral("Training in %1 processes on this machine, %2 CPU threads each: starting the "
                       "other %3")
            .arg(processes)
            .arg(setup.training.threads)
            .arg(processes - 1));
    ranks = std::make_unique<LocalRanks>(m_request.rankProgram, arguments, processes, timeout);
    const LocalRanks &started = *ranks;
    std::shared_ptr<ProcessGroup> group
        = ProcessGroup::connect(started.leadSettings(), [&feedback, &started] {
              feedback.checkpoint();
              started.requireRunning();
          });
    return group;
}

void TrainingJob::trainBesideTheLead(const TrainingSetup &setup, const Project &project, const RunFolder &run,
                                     Feedback &feedback)
{
    auto data = std::make_shared<TrainingData>(
        TrainingDataBuilder::build(project, setup.task, setup.training.seed, &feedback));
    TrainerOptions options;
    options.model = setup.model;
    options.config = setup.training;
    options.runDirectory = run.path();
    options.resume = !m_request.resumeRun.isEmpty();
    options.processGroup = m_request.processGroup;
    m_outcome = Trainer(data, options).run(feedback);
    // Every rank of the job fails as rank 0 does.
    if (m_outcome.stop == TrainingOutcome::Stop::NonFiniteLoss)
        throw DataError(QString(), m_outcome.message);
}

} // namespace deepterra
