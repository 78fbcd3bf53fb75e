#pragma once

#include "cli/clicommand.h"

namespace deepterra::cli {

class VersionCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("version"); }
    QString summary() const override
    {
        return QStringLiteral("Print the versions of Deepterra and its libraries");
    }
    int run(const QStringList &arguments) override;
};

} // namespace deepterra::cli
