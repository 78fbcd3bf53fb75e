#include "cli/explaincommand.h"

#include "cli/consolefeedback.h"
#include "common/dataerror.h"
#include "inference/permutationimportancejob.h"
#include "inference/saliencyjob.h"
#include "jobs/jobrunner.h"
#include "project/projectfile.h"
#include "training/runcatalog.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

#include <algorithm>

namespace deepterra::cli {

namespace {

QString runsFolderOf(const Project &project)
{
    const QString folder = project.sections.value(QStringLiteral("outputs"))
                               .toObject()
                               .value(QStringLiteral("runs"))
                               .toString(QStringLiteral("runs"));
    return QDir::isAbsolutePath(folder) ? folder : QFileInfo(project.filePath).absoluteDir().filePath(folder);
}

bool explainable(const RunSummary &run)
{
    const bool finished = run.state == RunSummary::State::Finished
        || run.state == RunSummary::State::EarlyStopped || run.state == RunSummary::State::Stopped;
    const bool task = run.task == QLatin1String("segmentation")
        || run.task == QLatin1String("patch-classification") || run.task == QLatin1String("forecasting");
    return finished && task && run.bestEpoch > 0;
}

// The run folder: NAME under the project's runs folder, or a path to a run folder; without a
// name, the newest finished class or forecasting run. Throws DataError when there is none.
QString chooseRun(const Project &project, const QString &name)
{
    const QString runs = runsFolderOf(project);
    if (!name.isEmpty()) {
        for (const QString &candidate : { QDir(runs).filePath(name), QFileInfo(name).absoluteFilePath() })
            if (QFileInfo::exists(QDir(candidate).filePath(QStringLiteral("config.json"))))
                return candidate;
        throw DataError(runs, QStringLiteral("no run named \"%1\"").arg(name));
    }
    const std::vector<RunSummary> all = RunCatalog::scan(runs);
    const auto newest = std::find_if(all.begin(), all.end(), explainable);
    if (newest == all.end())
        throw DataError(runs,
                        QStringLiteral("no finished segmentation, patch-classification or forecasting run"));
    return newest->path;
}

void printTable(QTextStream &out, const QString &heading, const std::vector<InputImportance> &entries)
{
    int width = int(heading.size());
    for (const InputImportance &e : entries)
        width = std::max(width, int(e.name.size()));
    out << heading.leftJustified(width + 2) << QStringLiteral("drop").rightJustified(10) << "     ± std\n";
    for (const InputImportance &e : entries)
        out << e.name.leftJustified(width + 2) << QString::number(e.drop, 'f', 4).rightJustified(10) << "  ± "
            << QString::number(e.spread, 'f', 4) << "\n";
}

// --at: the saliency of the class at one point.
int explainPoint(const QCommandLineParser &parser, const QString &runName, const QString &at,
                 const QString &input, const QString &output, const QString &stepsText)
{
    QTextStream err(stderr);
    const QStringList xy = at.split(QLatin1Char(','));
    bool xOk = false;
    bool yOk = false;
    bool stepsOk = false;
    const double x = xy.size() == 2 ? xy[0].trimmed().toDouble(&xOk) : 0.0;
    const double y = xy.size() == 2 ? xy[1].trimmed().toDouble(&yOk) : 0.0;
    const int steps = stepsText.toInt(&stepsOk);
    if (!xOk || !yOk || !stepsOk || steps < 1 || steps > 10000) {
        err << "deepterra-cli explain: --at takes X,Y (two numbers) and --steps an integer from 1 to 10000\n";
        return 2;
    }
    SaliencyRequest request;
    request.point = QPointF(x, y);
    request.input = input;
    request.steps = steps;
    try {
        const Project project = ProjectFile::load(parser.positionalArguments().constFirst());
        request.runFolder = chooseRun(project, runName);
    } catch (const DataError &e) {
        err << "deepterra-cli: " << e.message() << "\n";
        return 1;
    }
    request.output = output.isEmpty()
        ? QDir(request.runFolder)
              .filePath(QStringLiteral("saliency/%1_%2.tif").arg(xy[0].trimmed(), xy[1].trimmed()))
        : output;
    QDir().mkpath(QFileInfo(request.output).absolutePath());
    ConsoleFeedback feedback;
    SaliencyJob job(request);
    const JobResult result = JobRunner::runBlocking(job, feedback);
    if (result.status != JobResult::Status::Succeeded)
        return result.status == JobResult::Status::Canceled ? 130 : 1;
    const SaliencyJob::Result &r = job.result();
    QTextStream out(stdout);
    out << "Pixel " << r.pixel.x() << ", " << r.pixel.y() << ": class " << r.classValue << " " << r.className
        << " (p " << QString::number(r.probability, 'f', 3) << ")\n"
        << "Share of the attribution (integrated gradients, " << steps << " steps, window "
        << r.window.width() << " x " << r.window.height() << " from pixel " << r.window.x() << ", "
        << r.window.y() << "):\n";
    for (std::size_t c = 0; c < r.channelShares.size(); ++c)
        out << "  " << r.channels.value(int(c)).leftJustified(14)
            << QString::number(100.0 * r.channelShares[c], 'f', 1).rightJustified(6) << " %\n";
    out << "Completeness error " << QString::number(100.0 * r.completenessError, 'f', 2)
        << " % (attributions against the logit's change from the baseline)\n"
        << "Wrote " << QDir::toNativeSeparators(request.output) << "\n";
    return 0;
}

} // namespace

int ExplainCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Ranks the inputs of a training run (image bands and DEM channels; a forecaster's variables and "
        "lags) by permutation importance: how much the run's monitored metric gets worse on the "
        "validation set when one input is shuffled between the validation examples, averaged over "
        "repeats, with its standard deviation. Writes the table to the run's metrics.json under "
        "\"permutation_importance\"."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The project file (.deepterra)."));
    const QCommandLineOption runOption(
        QStringLiteral("run"),
        QStringLiteral("The run: a folder name in the project's runs folder, or a run folder (default: the "
                       "newest finished class or forecasting run)."),
        QStringLiteral("NAME"));
    const QCommandLineOption repeatsOption(QStringLiteral("repeats"),
                                           QStringLiteral("Shuffles per input (default 5)."),
                                           QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
                                        QStringLiteral("Seed of the shuffles (default: the run's seed)."),
                                        QStringLiteral("S"));
    const QCommandLineOption atOption(
        QStringLiteral("at"),
        QStringLiteral("Instead of ranking the inputs, explain the class at this point (in the raster's "
                       "coordinates): integrated gradients over a window around it, written as a GeoTIFF of "
                       "each pixel's attribution."),
        QStringLiteral("X,Y"));
    const QCommandLineOption inputOption(
        QStringLiteral("input"), QStringLiteral("With --at: the raster (default: the run's training image)."),
        QStringLiteral("RASTER"));
    const QCommandLineOption outputOption(
        QStringLiteral("output"),
        QStringLiteral("With --at: the saliency GeoTIFF (default: RUN/saliency/X_Y.tif)."),
        QStringLiteral("S.tif"));
    const QCommandLineOption stepsOption(
        QStringLiteral("steps"), QStringLiteral("With --at: integrated gradients' steps (default 32)."),
        QStringLiteral("N"), QStringLiteral("32"));
    parser.addOptions(
        { runOption, repeatsOption, seedOption, atOption, inputOption, outputOption, stepsOption });
    parser.process(arguments);

    QTextStream err(stderr);
    bool repeatsOk = false;
    const int repeats = parser.value(repeatsOption).toInt(&repeatsOk);
    bool seedOk = true;
    const qulonglong seed = parser.isSet(seedOption) ? parser.value(seedOption).toULongLong(&seedOk) : 0;
    if (parser.positionalArguments().size() != 1 || !repeatsOk || repeats < 1 || repeats > 1000 || !seedOk) {
        err << "deepterra-cli explain: expected PROJECT [--run NAME] [--repeats N (1-1000)] [--seed S]\n"
            << parser.helpText();
        return 2;
    }

    if (parser.isSet(atOption))
        return explainPoint(parser, parser.value(runOption), parser.value(atOption),
                            parser.value(inputOption), parser.value(outputOption), parser.value(stepsOption));

    PermutationImportanceRequest request;
    request.repeats = repeats;
    request.seed = seed;
    try {
        const Project project = ProjectFile::load(parser.positionalArguments().constFirst());
        request.runFolder = chooseRun(project, parser.value(runOption));
    } catch (const DataError &e) {
        err << "deepterra-cli: " << e.message() << "\n";
        return 1;
    }

    ConsoleFeedback feedback;
    PermutationImportanceJob job(request);
    const JobResult result = JobRunner::runBlocking(job, feedback);
    if (result.status != JobResult::Status::Succeeded)
        return result.status == JobResult::Status::Canceled ? 130 : 1;

    const PermutationImportance &importance = job.result();
    QTextStream out(stdout);
    out << "Permutation importance of run " << QFileInfo(request.runFolder).fileName() << ": "
        << importance.metric << " " << QString::number(importance.baseline, 'g', 5) << " on "
        << importance.validationExamples << " validation examples, " << importance.repeats
        << " repeats, seed " << importance.seed << "\n"
        << "A drop is how much " << importance.metric
        << " gets worse when the input is shuffled between the validation examples.\n\n";
    printTable(out, QStringLiteral("input"), importance.inputs);
    if (!importance.lags.empty()) {
        out << "\n";
        printTable(out, QStringLiteral("lag"), importance.lags);
    }
    out << "\nWrote the importances to "
        << QDir::toNativeSeparators(QDir(request.runFolder).filePath(QStringLiteral("metrics.json"))) << "\n";
    return 0;
}

} // namespace deepterra::cli
