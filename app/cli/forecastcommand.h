#pragma once

#include "cli/clicommand.h"

namespace deepterra::cli {

class ForecastCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("forecast"); }
    QString summary() const override { return QStringLiteral("Forecast a series with a trained model"); }
    int run(const QStringList &arguments) override;
};

} // namespace deepterra::cli
