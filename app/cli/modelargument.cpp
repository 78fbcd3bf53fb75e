#include "cli/modelargument.h"

#include "common/dataerror.h"
#include "export/exportedmodel.h"
#include "inference/trainedmodel.h"

#include <QCommandLineParser>
#include <QFileInfo>

namespace deepterra::cli {

std::shared_ptr<const InferenceModel> loadModelArgument(const QString &path, const QString &cardPath)
{
    const QFileInfo info(path);
    if (info.isDir()) {
        if (!cardPath.isEmpty())
            throw DataError(cardPath,
                            QStringLiteral("a run folder carries its own configuration: --card "
                                           "goes with an exported model (.pt)"));
        return std::make_shared<TrainedModel>(TrainedModel::loadRun(path));
    }
    if (!info.exists())
        throw DataError(path,
                        QStringLiteral("does not exist (expected a run folder or an exported model .pt)"));
    if (info.suffix().compare(QLatin1String("onnx"), Qt::CaseInsensitive) == 0)
        throw DataError(path,
                        QStringLiteral("is an ONNX model: predict and forecast run TorchScript "
                                       "exports (export --format torchscript)"));
    return std::make_shared<ExportedModel>(ExportedModel::load(path, cardPath));
}

QCommandLineOption addModelArguments(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("model"),
                                 QStringLiteral("The training run folder, or an exported model (.pt)."),
                                 QStringLiteral("RUN|MODEL.pt"));
    QCommandLineOption card(QStringLiteral("card"),
                            QStringLiteral("The exported model's card (default: the card inside the .pt)."),
                            QStringLiteral("CARD.json"));
    parser.addOption(card);
    return card;
}

} // namespace deepterra::cli
