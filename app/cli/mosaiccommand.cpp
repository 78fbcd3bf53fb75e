#include "cli/mosaiccommand.h"

#include "cli/consolefeedback.h"
#include "inference/predictionmosaicjob.h"
#include "jobs/jobrunner.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <csignal>

namespace deepterra::cli {

namespace {

Feedback *g_interruptible = nullptr;

// Ctrl+C or SIGTERM: the join stops at GDAL's next progress report and removes what it wrote.
void onInterrupt(int)
{
    if (g_interruptible)
        g_interruptible->cancel();
}

} // namespace

int MosaicCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Joins the parts of a prediction made with 'predict --part I/N' (all N of them, in any order, "
        "each the same output: class maps, or probabilities, confidence, uncertainty) into one map: a GDAL "
        "VRT that reads the parts where they lie (.vrt), or a tiled DEFLATE GeoTIFF (.tif). The joined map "
        "equals the map of the whole prediction, bit for bit."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("parts"), QStringLiteral("The parts' files."),
                                 QStringLiteral("PART..."));
    const QCommandLineOption output(QStringLiteral("output"), QStringLiteral("The joined map to write."),
                                    QStringLiteral("MAP.vrt|MAP.tif"));
    parser.addOption(output);
    parser.process(arguments);

    QTextStream err(stderr);
    if (parser.positionalArguments().isEmpty() || !parser.isSet(output)) {
        err << "deepterra-cli mosaic: expected PART... --output MAP.vrt|MAP.tif\n" << parser.helpText();
        return 2;
    }
    ConsoleFeedback feedback;
    g_interruptible = &feedback;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    PredictionMosaicJob job(parser.positionalArguments(), parser.value(output));
    const JobResult result = JobRunner::runBlocking(job, feedback);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    g_interruptible = nullptr;
    if (result.status == JobResult::Status::Canceled) {
        err << "Joining stopped; nothing was written\n";
        return 130;
    }
    if (!result.succeeded())
        return 1;
    QTextStream(stdout) << "Wrote " << parser.value(output) << "\n";
    return 0;
}

} // namespace deepterra::cli
