#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

#include <memory>

namespace deepterra {
class InferenceModel;
}

namespace deepterra::cli {

// The model that predict and forecast name: a training run's folder, or a TorchScript model
// written by `export --format torchscript` with its card (`cardPath`; empty: the card inside the
// .pt). Throws DataError naming the file for a path that is neither, a card given with a run
// folder, or a card that does not describe the model.
std::shared_ptr<const InferenceModel> loadModelArgument(const QString &path, const QString &cardPath);

// The positional RUN|MODEL.pt argument and the --card option, declared on `parser`; returns --card.
QCommandLineOption addModelArguments(QCommandLineParser &parser);

} // namespace deepterra::cli
