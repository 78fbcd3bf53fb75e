#include "cli/mosaiccommand.h"

#include "cli/consolefeedback.h"
#include "cli/interruptcancels.h"
#include "inference/predictionmosaicjob.h"
#include "jobs/jobrunner.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace deepterra::cli {

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
    PredictionMosaicJob job(parser.positionalArguments(), parser.value(output));
    // Ctrl+C or SIGTERM: the join stops at GDAL's next progress report and removes what it wrote.
    const JobResult result = [&] {
        const InterruptCancels interrupts(feedback);
        return JobRunner::runBlocking(job, feedback);
    }();
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
