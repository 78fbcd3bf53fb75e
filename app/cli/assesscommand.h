#pragma once

#include "cli/clicommand.h"

namespace deepterra::cli {

class AssessCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("assess"); }
    QString summary() const override
    {
        return QStringLiteral(
            "Accuracy and error-adjusted class areas of a map from labelled reference points");
    }
    int run(const QStringList &arguments) override;
};

} // namespace deepterra::cli
