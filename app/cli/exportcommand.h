#pragma once

#include "cli/clicommand.h"

namespace deepterra::cli {

class ExportCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("export"); }
    QString summary() const override
    {
        return QStringLiteral("Export a run's model as TorchScript, ONNX or a model card");
    }
    int run(const QStringList &arguments) override;
};

} // namespace deepterra::cli
