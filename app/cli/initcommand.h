#pragma once

#include "cli/clicommand.h"

namespace deepterra::cli {

class InitCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("init"); }
    QString summary() const override
    {
        return QStringLiteral("Create a project from data files and training settings");
    }
    int run(const QStringList &arguments) override;
};

} // namespace deepterra::cli
