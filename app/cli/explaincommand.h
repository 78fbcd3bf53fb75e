#pragma once

#include "cli/clicommand.h"

namespace deepterra::cli {

// `deepterra-cli explain PROJECT [--run NAME] [--repeats N] [--seed S]`: the permutation
// importance of a run's inputs (PermutationImportanceJob), printed as a table and written to the
// run's metrics.json.
class ExplainCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("explain"); }
    QString summary() const override
    {
        return QStringLiteral("Rank a run's inputs by permutation importance on its validation set");
    }
    int run(const QStringList &arguments) override;
};

} // namespace deepterra::cli
