#pragma once

#include "cli/clicommand.h"

namespace deepterra::cli {

class AnomaliesCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("anomalies"); }
    QString summary() const override
    {
        return QStringLiteral("Anomalous periods of a series with a series-autoencoder run");
    }
    int run(const QStringList &arguments) override;
};

} // namespace deepterra::cli
