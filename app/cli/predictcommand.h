#pragma once

#include "cli/clicommand.h"

namespace deepterra::cli {

class PredictCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("predict"); }
    QString summary() const override { return QStringLiteral("Map a whole raster with a trained model"); }
    int run(const QStringList &arguments) override;
};

} // namespace deepterra::cli
