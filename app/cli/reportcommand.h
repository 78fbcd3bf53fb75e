#pragma once

#include "cli/clicommand.h"

namespace deepterra::cli {

class ReportCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("report"); }
    QString summary() const override { return QStringLiteral("An HTML or PDF evaluation report of a run"); }
    // The report draws with Qt's GUI classes: main() makes a QApplication (offscreen) for it.
    static bool needsGui(int argc, char **argv);
    int run(const QStringList &arguments) override;
};

} // namespace deepterra::cli
