#pragma once

#include "cli/clicommand.h"

namespace deepterra::cli {

class TrainCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("train"); }
    QString summary() const override
    {
        return QStringLiteral("Train a project's model and write a run folder");
    }
    int run(const QStringList &arguments) override;
};

} // namespace deepterra::cli
