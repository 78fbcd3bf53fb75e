#pragma once

#include <QString>
#include <QStringList>

namespace deepterra::cli {

// One `deepterra-cli` sub-command. Exit codes: 0 success, 1 bad input or failed job (one clear
// line on stderr naming the file and the cause), 2 wrong usage.
class CliCommand
{
public:
    virtual ~CliCommand() = default;
    virtual QString name() const = 0;
    virtual QString summary() const = 0;
    // `arguments` starts with the command's own name, as QCommandLineParser expects.
    virtual int run(const QStringList &arguments) = 0;
};

} // namespace deepterra::cli
