#include "cli/traincommand.h"
#include "project/projectfile.h"
#include "training/setupvalidator.h"
#include "training/trainingsetup.h"

#include "cli/consolefeedback.h"
#include "cli/interruptcancels.h"
#include "cli/localworkers.h"
#include "common/dataerror.h"
#include "distributed/distributedsettings.h"
#include "distributed/processgroup.h"
#include "jobs/jobrunner.h"
#include "training/crossvalidationjob.h"
#include "training/trainingevents.h"
#include "training/trainingjob.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>
#include <QThread>

#include <cstdio>
#include <unistd.h>

namespace deepterra::cli {

namespace {

QString duration(double seconds)
{
    const int s = int(seconds + 0.5);
    return s >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

// A score from metrics.json: null (undefined) and a missing key (a file from before that score)
// both read "n/a".
QString score(const QJsonObject &object, const QString &key)
{
    const QJsonValue value = object.value(key);
    return value.isDouble() ? QString::number(value.toDouble(), 'g', 4) : QStringLiteral("n/a");
}

// Per target of a forecasting run, the best epoch's RMSE and its skill against every baseline, as
// metrics.json's details.forecast holds them; empty for the other tasks.
QString forecastSummary(const QJsonObject &details, const QString &heading)
{
    const QJsonObject forecast = details.value(QStringLiteral("forecast")).toObject();
    if (forecast.isEmpty())
        return {};
    QString text = QStringLiteral("%1 (skill = 1 - MSE / MSE of the baseline on the same values; 0: no "
                                  "better, negative: worse):\n")
                       .arg(heading);
    for (auto it = forecast.begin(); it != forecast.end(); ++it) {
        const QJsonObject target = it.value().toObject();
        const QJsonObject model = target.value(QStringLiteral("model")).toObject();
        const QJsonValue season = target.value(QStringLiteral("seasonLength"));
        const int order = target.value(QStringLiteral("autoregressiveModel"))
                              .toObject()
                              .value(QStringLiteral("order"))
                              .toInt();
        text += QStringLiteral(
                    "  %1: RMSE %2 over %3 values; skill vs persistence %4, climatology %5, seasonal "
                    "naive%6 %7, %8 %9\n")
                    .arg(it.key(), score(model, QStringLiteral("rmse")))
                    .arg(model.value(QStringLiteral("count")).toInteger())
                    .arg(score(target, QStringLiteral("skillVsPersistence")),
                         score(target, QStringLiteral("skillVsClimatology")),
                         season.isDouble() ? QStringLiteral(" (%1 steps)").arg(season.toInt()) : QString(),
                         score(target, QStringLiteral("skillVsSeasonalNaive")),
                         order > 0 ? QStringLiteral("AR(%1)").arg(order) : QStringLiteral("AR"),
                         score(target, QStringLiteral("skillVsAutoregressive")));
    }
    return text;
}

// The held-out test split's figures, apart from validation's: validation chose the best epoch.
QString testSummary(const TrainingOutcome &outcome)
{
    if (outcome.testMetrics.isEmpty())
        return {};
    QStringList figures;
    for (auto it = outcome.testMetrics.cbegin(); it != outcome.testMetrics.cend(); ++it)
        figures << QStringLiteral("%1 %2").arg(it.key()).arg(it.value(), 0, 'g', 4);
    return QStringLiteral("Test split (held out, never seen while training; the weights of the best epoch, "
                          "%1): %2\n"
                          "The validation figures chose the best epoch and flatter it a little; the test "
                          "figures did not.\n")
               .arg(outcome.bestEpoch)
               .arg(figures.join(QStringLiteral(", ")))
        + forecastSummary(outcome.testDetails, QStringLiteral("Test split"));
}

// Per validation (and test) figure: each fold's value, then the mean and standard deviation.
QString foldsSummary(const QJsonObject &summary)
{
    const QJsonArray perFold = summary.value(QStringLiteral("perFold")).toArray();
    QString text = QStringLiteral("Cross-validation, %1 folds (%2); the best epoch of each fold:\n")
                       .arg(summary.value(QStringLiteral("folds")).toInt())
                       .arg(summary.value(QStringLiteral("method")).toString());
    for (const char *side : { "validation", "test" }) {
        const QJsonObject across = summary.value(QLatin1String(side)).toObject();
        if (across.isEmpty())
            continue;
        text += QStringLiteral("  %1:\n").arg(QLatin1String(side));
        for (auto it = across.begin(); it != across.end(); ++it) {
            QStringList values;
            for (const QJsonValue &fold : perFold)
                values << score(fold.toObject().value(QLatin1String(side)).toObject(), it.key());
            const QJsonObject stats = it.value().toObject();
            text += QStringLiteral("    %1  %2 ± %3  (folds: %4)\n")
                        .arg(it.key(), score(stats, QStringLiteral("mean")),
                             score(stats, QStringLiteral("std")), values.join(QStringLiteral(", ")));
        }
    }
    return text;
}

// `arguments` without --NAME and its value ("--NAME V" or "--NAME=V").
QStringList withoutOption(const QStringList &arguments, const QString &name)
{
    QStringList kept;
    const QString flag = QStringLiteral("--") + name;
    for (int i = 0; i < arguments.size(); ++i) {
        if (arguments[i] == flag) {
            ++i;
            continue;
        }
        if (arguments[i].startsWith(flag + QLatin1Char('=')))
            continue;
        kept << arguments[i];
    }
    return kept;
}

} // namespace

int TrainCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Trains the model of a project (its task, model and training sections) and writes a run folder: "
        "config.json, history.csv (one row per epoch), metrics.json (validation metrics of the best epoch, "
        "and the test split's apart), "
        "training.log and checkpoints/ (best.pt, last.pt). Ctrl+C stops within one batch; --resume "
        "continues."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("project"),
                                 QStringLiteral("The .deepterra project (not with --resume)."));
    const QCommandLineOption epochs(QStringLiteral("epochs"),
                                    QStringLiteral("Number of epochs (overrides the project)."),
                                    QStringLiteral("N"));
    const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("auto, cpu, cuda or cuda:N."),
                                    QStringLiteral("D"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("CPU threads for LibTorch (default: all cores)."),
                                     QStringLiteral("N"));
    const QCommandLineOption precision(
        QStringLiteral("precision"),
        QStringLiteral("fp32 (default), or mixed precision: bf16 (bfloat16 autocast; CPU or GPU) or fp16 "
                       "(float16 autocast with a dynamic loss scale; CUDA GPU only)."),
        QStringLiteral("P"));
    const QCommandLineOption out(
        QStringLiteral("out"),
        QStringLiteral("The run folder to write (default: <project folder>/runs/<time>-<task>)."),
        QStringLiteral("DIR"));
    const QCommandLineOption resume(QStringLiteral("resume"),
                                    QStringLiteral("Continue the interrupted run in RUN."),
                                    QStringLiteral("RUN"));
    const QCommandLineOption folds(
        QStringLiteral("folds"),
        QStringLiteral(
            "Cross-validate: train K models, each validated on one fold (whole spatial blocks with "
            "their buffer, random patches, or for series rolling origins), into OUT/fold-1 ... "
            "OUT/fold-K, and write OUT/folds.json with each fold's figures, their mean and standard "
            "deviation. A test split stays held out of every fold."),
        QStringLiteral("K"));
    const QCommandLineOption nproc(
        QStringLiteral("nproc"),
        QStringLiteral(
            "Data-parallel training in N processes on this machine, each on its slice of every batch "
            "(--threads is then each process's; default: the cores shared out). Across machines, "
            "start one process per rank as for PyTorch (srun, or torchrun-style variables RANK, "
            "WORLD_SIZE, MASTER_ADDR, MASTER_PORT) instead: docs/scale-out.md."),
        QStringLiteral("N"));
    parser.addOptions({ epochs, device, threads, precision, out, resume, folds, nproc });
    parser.process(arguments);

    QTextStream err(stderr);
    TrainingRequest request;
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(resume)) {
        if (!positional.isEmpty() || parser.isSet(out)) {
            err << "deepterra-cli train: --resume RUN takes neither a project nor --out\n";
            return 2;
        }
        request.resumeRun = parser.value(resume);
    } else {
        if (positional.size() != 1) {
            err << "deepterra-cli train: expected one project file\n" << parser.helpText();
            return 2;
        }
        request.projectPath = positional.constFirst();
        request.outputFolder = parser.value(out);
    }
    const auto positiveInt = [&](const QCommandLineOption &option, int minimum) -> std::optional<int> {
        bool ok = false;
        const int v = parser.value(option).toInt(&ok);
        if (!ok || v < minimum)
            return std::nullopt;
        return v;
    };
    if (parser.isSet(epochs)) {
        request.epochs = positiveInt(epochs, 1);
        if (!request.epochs) {
            err << "deepterra-cli train: --epochs takes a positive integer\n";
            return 2;
        }
    }
    if (parser.isSet(threads)) {
        request.threads = positiveInt(threads, 0);
        if (!request.threads) {
            err << "deepterra-cli train: --threads takes a non-negative integer\n";
            return 2;
        }
    }
    request.device = parser.value(device);
    if (parser.isSet(precision)) {
        const int kind = TrainingConfig::precisionNames().indexOf(parser.value(precision));
        if (kind < 0) {
            err << "deepterra-cli train: --precision takes "
                << TrainingConfig::precisionNames().join(QStringLiteral(", ")) << "\n";
            return 2;
        }
        request.precision = PrecisionKind(kind);
    }
    int foldCount = 0;
    if (parser.isSet(folds)) {
        const std::optional<int> k = positiveInt(folds, 2);
        if (!k) {
            err << "deepterra-cli train: --folds takes an integer of at least 2\n";
            return 2;
        }
        if (parser.isSet(resume)) {
            err << "deepterra-cli train: --folds starts new runs; it does not combine with --resume\n";
            return 2;
        }
        foldCount = *k;
    }

    if (parser.isSet(nproc)) {
        const std::optional<int> count = positiveInt(nproc, 1);
        if (!count) {
            err << "deepterra-cli train: --nproc takes a positive integer\n";
            return 2;
        }
        if (foldCount > 0) {
            err << "deepterra-cli train: --nproc does not combine with --folds\n";
            return 2;
        }
        if (qEnvironmentVariableIsSet("WORLD_SIZE")) {
            err << "deepterra-cli train: --nproc starts the job's processes itself; it is not for a process "
                   "that "
                   "a launcher started (WORLD_SIZE is set)\n";
            return 2;
        }
        if (*count > 1) {
            QStringList worker = withoutOption(arguments.mid(1), QStringLiteral("nproc"));
            if (!parser.isSet(threads))
                worker << QStringLiteral("--threads")
                       << QString::number(std::max(1, QThread::idealThreadCount() / *count));
            return LocalWorkers::run(QStringList { QStringLiteral("train") } + worker, *count);
        }
    }
    // One rank of a data-parallel job when a launcher (--nproc, srun, torchrun) set its variables.
    std::shared_ptr<ProcessGroup> group;
    DistributedSettings settings;
    try {
        settings = DistributedSettings::fromEnvironment();
        if (settings.isDistributed()) {
            if (foldCount > 0) {
                err << "deepterra-cli train: --folds does not combine with a data-parallel job\n";
                return 2;
            }
            // A rank that cannot train the project says so before it joins: rank 0, which watches
            // the ranks it started while they join, reports that at once with this line.
            if (request.resumeRun.isEmpty()) {
                const Project project = ProjectFile::load(request.projectPath);
                SetupValidator::require(TrainingSetup::fromProject(project).toJson(), project);
            }
            group = ProcessGroup::connect(settings);
        }
    } catch (const DataError &e) {
        err << "deepterra-cli: " << e.message() << "\n";
        return 1;
    }
    request.processGroup = group;
    // A project that trains in several processes (training.processes): this one leads, and starts
    // the others as itself.
    request.rankProgram = QCoreApplication::applicationFilePath();
    const bool lead = !group || group->isLead();

    ConsoleFeedback feedback;
    if (!lead)
        feedback.showOnlyProblems(QStringLiteral("rank %1: ").arg(group->rank()));
    TrainingEvents events;
    const bool interactive = isatty(fileno(stderr)) != 0;
    QObject::connect(
        &events, &TrainingEvents::batchFinished, &events,
        [&err, interactive](const BatchProgress &p) {
            if (!interactive)
                return;
            err << QStringLiteral("\repoch %1/%2  batch %3/%4  loss %5  lr %6  %7 samples/s  ETA %8   ")
                       .arg(p.epoch)
                       .arg(p.epochs)
                       .arg(p.batch)
                       .arg(p.batches)
                       .arg(p.loss, 0, 'f', 4)
                       .arg(p.learningRate, 0, 'g', 3)
                       .arg(p.samplesPerSecond, 0, 'f', 0)
                       .arg(duration(p.etaSeconds))
                << Qt::flush;
        },
        Qt::DirectConnection);
    QObject::connect(
        &events, &TrainingEvents::epochFinished, &events,
        [&err, interactive](const EpochRecord &r) {
            if (r.replayed)
                return; // printed when that part of the run trained
            QString line = QStringLiteral("epoch %1  train_loss %2").arg(r.epoch).arg(r.trainLoss, 0, 'f', 4);
            for (auto it = r.metrics.begin(); it != r.metrics.end(); ++it)
                if (it.key() != QLatin1String("train_loss"))
                    line += QStringLiteral("  %1 %2").arg(it.key()).arg(it.value(), 0, 'f', 4);
            line += QStringLiteral("  (%1 s, %2 samples/s)%3")
                        .arg(r.seconds, 0, 'f', 1)
                        .arg(r.samplesPerSecond, 0, 'f', 0)
                        .arg(r.improved ? QStringLiteral("  *") : QString());
            err << (interactive ? "\r" : "") << line << QString(interactive ? 8 : 0, QLatin1Char(' ')) << "\n"
                << Qt::flush;
        },
        Qt::DirectConnection);

    if (foldCount > 0) {
        CrossValidationJob crossValidation(request, foldCount, &events);
        const JobResult result = [&] {
            const InterruptCancels interrupts(feedback);
            return JobRunner::runBlocking(crossValidation, feedback);
        }();
        QTextStream out_(stdout);
        if (!crossValidation.folder().isEmpty())
            out_ << "Folds folder: " << QDir::toNativeSeparators(crossValidation.folder()) << "\n";
        if (!crossValidation.summary().isEmpty())
            out_ << foldsSummary(crossValidation.summary());
        if (result.status == JobResult::Status::Canceled)
            err << "Cross-validation stopped; folds.json holds the folds done\n";
        return result.status == JobResult::Status::Succeeded ? 0
            : result.status == JobResult::Status::Canceled   ? 130
                                                             : 1;
    }
    TrainingJob job(request, lead ? &events : nullptr);
    const JobResult result = [&] {
        const InterruptCancels interrupts(feedback);
        return JobRunner::runBlocking(job, feedback);
    }();

    if (!lead)
        return result.status == JobResult::Status::Succeeded ? 0
            : result.status == JobResult::Status::Canceled   ? 130
                                                             : 1;
    QTextStream out_(stdout);
    if (!job.runFolder().isEmpty())
        out_ << "Run folder: " << QDir::toNativeSeparators(job.runFolder()) << "\n";
    switch (result.status) {
    case JobResult::Status::Succeeded:
        out_ << forecastSummary(job.outcome().bestDetails, QStringLiteral("Validation of the best epoch"))
             << testSummary(job.outcome());
        return 0;
    case JobResult::Status::Canceled:
        err << "Training stopped; continue with: deepterra-cli train --resume " << job.runFolder()
            << (group ? (settings.masterAddress.startsWith(QLatin1String("127."))
                             ? QStringLiteral(" --nproc %1").arg(group->size())
                             : QStringLiteral(", started as this job was"))
                      : QString())
            << "\n";
        return 130;
    case JobResult::Status::Failed:
        // ConsoleFeedback printed the error line already.
        return 1;
    }
    return 1;
}

} // namespace deepterra::cli
