#pragma once

#include "cli/clicommand.h"

namespace deepterra::cli {

class ModelCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("model"); }
    QString summary() const override
    {
        return QStringLiteral("Print a model's layer table, output shapes and parameters");
    }
    int run(const QStringList &arguments) override;
};

} // namespace deepterra::cli
