#include "cli/predictcommand.h"

#include "cli/consolefeedback.h"
#include "cli/interruptcancels.h"
#include "cli/modelargument.h"
#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "inference/predictionjob.h"
#include "jobs/jobrunner.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

#include <optional>

namespace deepterra::cli {

namespace {

// MAP.tif -> MAP-uncertainty.tif, in the map's folder.
QString defaultUncertaintyPath(const QString &output)
{
    const QString suffix = QFileInfo(output).suffix();
    const QString stem = suffix.isEmpty() ? output : output.left(output.size() - suffix.size() - 1);
    return stem + QStringLiteral("-uncertainty.tif");
}

} // namespace

int PredictCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Predicts a whole raster with the model of a training run, or with a model exported as TorchScript "
        "(export --format torchscript) and its card, tile by tile with blended overlaps, and writes tiled "
        "DEFLATE GeoTIFFs on the input's grid: the class map (colour table and class names), or the "
        "reconstruction-error map of an autoencoder. NoData input pixels stay NoData. An exported model "
        "gives the same maps as its run."));
    parser.addHelpOption();
    const QCommandLineOption card = addModelArguments(parser);
    const QCommandLineOption input(QStringLiteral("input"), QStringLiteral("The raster to predict."),
                                   QStringLiteral("RASTER"));
    const QCommandLineOption output(QStringLiteral("output"),
                                    QStringLiteral("The class map (or anomaly map) to write."),
                                    QStringLiteral("MAP.tif"));
    const QCommandLineOption probabilities(QStringLiteral("probabilities"),
                                           QStringLiteral("Also write the class probabilities."),
                                           QStringLiteral("P.tif"));
    const QCommandLineOption confidence(QStringLiteral("confidence"),
                                        QStringLiteral("Also write a confidence band."),
                                        QStringLiteral("C.tif"));
    const QCommandLineOption confidenceKind(QStringLiteral("confidence-kind"),
                                            QStringLiteral("max-probability (default) or entropy."),
                                            QStringLiteral("KIND"));
    const QCommandLineOption tile(QStringLiteral("tile"),
                                  QStringLiteral("Tile edge in pixels (default ~256)."), QStringLiteral("N"));
    const QCommandLineOption overlap(QStringLiteral("overlap"),
                                     QStringLiteral("Pixels shared by neighbouring tiles (default tile/4)."),
                                     QStringLiteral("N"));
    const QCommandLineOption batch(
        QStringLiteral("batch"),
        QStringLiteral("Tiles per forward pass of a stream (default: 2 of 256 pixels, 128 of 32)."),
        QStringLiteral("N"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("CPU threads for LibTorch (default: all cores)."),
                                     QStringLiteral("N"));
    const QCommandLineOption device(
        QStringLiteral("device"),
        QStringLiteral(
            "Where the network runs: auto (default: a CUDA GPU when LibTorch has one), cpu, cuda or "
            "cuda:N. Tiles are read, blended and written on the CPU either way."),
        QStringLiteral("D"));
    const QCommandLineOption streams(
        QStringLiteral("streams"),
        QStringLiteral("Networks evaluating batches side by side, sharing the threads (default 2, 1 on one "
                       "thread or a GPU)."),
        QStringLiteral("N"));
    const QCommandLineOption uncertainty(
        QStringLiteral("uncertainty"),
        QStringLiteral("Per-pixel uncertainty: mc-dropout:N (N passes with the model's dropout active; "
                       "default N 20) or tta (the 8 flips and quarter turns of each tile). The maps become "
                       "the passes' mean; the uncertainty file holds predictive entropy, mutual information "
                       "and the probabilities' standard deviation (anomaly maps: the error's standard "
                       "deviation). Costs about N (or 8) predictions."),
        QStringLiteral("METHOD"));
    const QCommandLineOption uncertaintyOutput(
        QStringLiteral("uncertainty-output"),
        QStringLiteral("The uncertainty bands' file (default: MAP-uncertainty.tif beside the map)."),
        QStringLiteral("U.tif"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Seed of Monte Carlo dropout's masks (default 1)."),
                                  QStringLiteral("N"));
    const QCommandLineOption resume(
        QStringLiteral("resume"),
        QStringLiteral("Go on with an interrupted prediction of the same outputs (killed, crashed or stopped "
                       "with Ctrl+C) from where its files end, when its input, model and settings are "
                       "unchanged; otherwise predict from the start."));
    const QCommandLineOption checkpointEvery(
        QStringLiteral("checkpoint-every"),
        QStringLiteral("Seconds between records of the rows written, the most work an interruption loses "
                       "(default 30; 0 = after every row of 256-pixel blocks)."),
        QStringLiteral("S"));
    const QCommandLineOption part(
        QStringLiteral("part"),
        QStringLiteral(
            "Predict only the I-th of N parts of the raster (1 <= I <= N: bands of whole rows of "
            "256-pixel blocks), for a batch scheduler running the parts side by side, e.g. a Slurm "
            "array: --part $((SLURM_ARRAY_TASK_ID + 1))/N. Each part writes its own files; "
            "'deepterra-cli mosaic' joins them into the map the whole prediction gives, bit for "
            "bit."),
        QStringLiteral("I/N"));
    parser.addOptions({ input, output, probabilities, confidence, confidenceKind, tile, overlap, batch,
                        threads, device, streams, uncertainty, uncertaintyOutput, seed, resume,
                        checkpointEvery, part });
    parser.process(arguments);

    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 1 || !parser.isSet(input) || !parser.isSet(output)) {
        err << "deepterra-cli predict: expected RUN|MODEL.pt [--card CARD.json] --input RASTER --output "
               "MAP.tif\n"
            << parser.helpText();
        return 2;
    }
    PredictionRequest request;
    request.input = parser.value(input);
    request.output = parser.value(output);
    request.probabilities = parser.value(probabilities);
    request.confidence = parser.value(confidence);
    if (parser.isSet(device))
        request.device = parser.value(device);
    const QString kind = parser.value(confidenceKind);
    if (kind == QLatin1String("entropy"))
        request.confidenceKind = ConfidenceKind::Entropy;
    else if (!kind.isEmpty() && kind != QLatin1String("max-probability")) {
        err << "deepterra-cli predict: --confidence-kind takes max-probability or entropy\n";
        return 2;
    }
    if (parser.isSet(uncertainty)) {
        QString problem;
        if (!UncertaintySettings::parse(parser.value(uncertainty), &request.uncertainty, &problem)) {
            err << "deepterra-cli predict: --uncertainty: " << problem << "\n";
            return 2;
        }
        if (request.uncertainty.enabled())
            request.uncertaintyOutput = parser.isSet(uncertaintyOutput)
                ? parser.value(uncertaintyOutput)
                : defaultUncertaintyPath(request.output);
    }
    if (parser.isSet(seed)) {
        bool ok = false;
        request.uncertainty.seed = parser.value(seed).toULongLong(&ok);
        if (!ok) {
            err << "deepterra-cli predict: --seed takes a non-negative integer\n";
            return 2;
        }
    }
    const auto integer = [&](const QCommandLineOption &option, int minimum, int &target) {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        const int v = parser.value(option).toInt(&ok);
        if (!ok || v < minimum) {
            err << "deepterra-cli predict: --" << option.names().constFirst()
                << " takes an integer >= " << minimum << "\n";
            return false;
        }
        target = v;
        return true;
    };
    if (!integer(tile, 1, request.tile) || !integer(overlap, 0, request.overlap)
        || !integer(batch, 1, request.batch) || !integer(threads, 0, request.threads)
        || !integer(streams, 1, request.streams) || !integer(checkpointEvery, 0, request.checkpointSeconds))
        return 2;
    if (parser.isSet(part)) {
        QString problem;
        if (!RasterPart::parse(parser.value(part), &request.part, &problem)) {
            err << "deepterra-cli predict: --part: " << problem << "\n";
            return 2;
        }
    }
    request.resume = parser.isSet(resume);
    // Ctrl+C, or a batch system's SIGTERM when a job's time is up, keeps what was written for --resume.
    request.keepPartialWhenCanceled = true;

    std::shared_ptr<const InferenceModel> model;
    try {
        // Refused at once, before the model is loaded (PredictionJob checks again for the app). An
        // exported model and its card are inputs too.
        OutputPathCheck::check(
            { request.input, parser.positionalArguments().constFirst(), parser.value(card) },
            request.outputs());
        model = loadModelArgument(parser.positionalArguments().constFirst(), parser.value(card));
    } catch (const DataError &e) {
        err << "deepterra-cli: " << e.message() << "\n";
        return 1;
    }

    ConsoleFeedback feedback;
    PredictionJob job(model, request);
    const JobResult result = [&] {
        const InterruptCancels interrupts(feedback);
        return JobRunner::runBlocking(job, feedback);
    }();
    switch (result.status) {
    case JobResult::Status::Succeeded:
        QTextStream(stdout) << "Wrote " << request.output << "\n";
        if (request.uncertainty.enabled())
            QTextStream(stdout) << "Wrote " << request.uncertaintyOutput << " (uncertainty by "
                                << request.uncertainty.name() << ")\n";
        return 0;
    case JobResult::Status::Canceled:
        err << "Prediction stopped; what was written is kept: run the same command with --resume to go "
               "on\n";
        return 130;
    case JobResult::Status::Failed:
        return 1;
    }
    return 1;
}

} // namespace deepterra::cli
