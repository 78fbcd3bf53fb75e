#include "cli/exportcommand.h"

#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "export/modelexporter.h"
#include "inference/trainedmodel.h"

#include <QCommandLineParser>
#include <QDir>
#include <QTextStream>

namespace deepterra::cli {

int ExportCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Exports the model of a training run. torchscript: a .pt that torch.jit.load (Python) and "
        "torch::jit::load (C++) read, with the model card inside; onnx: an ONNX model (opset 13, every "
        "model family); card: the model card (JSON: task, input bands and their normalisation, "
        "patch size, classes, training CRS and resolution, validation metrics, software, training "
        "configuration). Both models take normalised bands and return the network's raw output (class "
        "logits); the card says how. predict and forecast accept the .pt (with its card, or the one "
        "inside) and give the same maps and values as the run."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("run"), QStringLiteral("The run folder written by train."));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("torchscript, onnx or card."),
                                    QStringLiteral("FORMAT"));
    const QCommandLineOption output(QStringLiteral("output"), QStringLiteral("The file to write."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption checkpoint(QStringLiteral("checkpoint"),
                                        QStringLiteral("best.pt (default) or last.pt."),
                                        QStringLiteral("NAME"), QStringLiteral("best.pt"));
    parser.addOptions({ format, output, checkpoint });
    parser.process(arguments);

    QTextStream err(stderr);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1 || !parser.isSet(format) || !parser.isSet(output)) {
        err << "deepterra-cli export: expected RUN --format torchscript|onnx|card --output FILE\n";
        return 2;
    }
    ExportFormat exportFormat = ExportFormat::TorchScript;
    if (!ModelExporter::formatFromName(parser.value(format), &exportFormat)) {
        err << "deepterra-cli export: unknown format \"" << parser.value(format)
            << "\" (choose torchscript, onnx or card)\n";
        return 2;
    }
    try {
        // Before the model is loaded: an export written over one of the run's own files (its
        // checkpoints, configuration, metrics or history) would destroy the run.
        const QDir run(positional.first());
        OutputPathCheck::check({ run.filePath(QStringLiteral("checkpoints/") + parser.value(checkpoint)),
                                 run.filePath(QStringLiteral("checkpoints/best.pt")),
                                 run.filePath(QStringLiteral("checkpoints/last.pt")),
                                 run.filePath(QStringLiteral("config.json")),
                                 run.filePath(QStringLiteral("metrics.json")),
                                 run.filePath(QStringLiteral("history.csv")) },
                               { parser.value(output) });
        const TrainedModel model = TrainedModel::loadRun(positional.first(), parser.value(checkpoint));
        ModelExporter::exportRun(model, exportFormat, parser.value(output));
    } catch (const DataError &e) {
        err << "deepterra-cli: " << e.message() << "\n";
        return 1;
    }
    QTextStream(stdout) << "Wrote " << QDir::toNativeSeparators(parser.value(output)) << "\n";
    return 0;
}

} // namespace deepterra::cli
