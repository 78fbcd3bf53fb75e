#pragma once

#include "cli/clicommand.h"

namespace deepterra::cli {

class InfoCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("info"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace deepterra::cli
