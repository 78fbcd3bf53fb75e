#pragma once

#include "cli/clicommand.h"

namespace deepterra::cli {

class SamplePointsCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("sample-points"); }
    QString summary() const override
    {
        return QStringLiteral("Reference points to label for an accuracy assessment of a class map");
    }
    int run(const QStringList &arguments) override;
};

} // namespace deepterra::cli
