#pragma once

#include "cli/clicommand.h"

namespace deepterra::cli {

class MosaicCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("mosaic"); }
    QString summary() const override
    {
        return QStringLiteral("Join the parts of a prediction (predict --part)");
    }
    int run(const QStringList &arguments) override;
};

} // namespace deepterra::cli
