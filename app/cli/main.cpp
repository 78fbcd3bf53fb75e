#include "cli/anomaliescommand.h"
#include "cli/assesscommand.h"
#include "cli/clicommand.h"
#include "cli/explaincommand.h"
#include "cli/exportcommand.h"
#include "cli/forecastcommand.h"
#include "cli/infocommand.h"
#include "cli/initcommand.h"
#include "cli/modelcommand.h"
#include "cli/mosaiccommand.h"
#include "cli/predictcommand.h"
#include "cli/reportcommand.h"
#include "cli/samplepointscommand.h"
#include "cli/traincommand.h"
#include "cli/versioncommand.h"
#include "runtime/memorypolicy.h"
#include "runtime/torchruntime.h"

#include <QApplication>
#include <QCoreApplication>
#include <QTextStream>

#include <csignal>
#include <memory>
#include <string>
#include <vector>

using namespace deepterra;

namespace {

void printUsage(QTextStream &out, const std::vector<std::unique_ptr<cli::CliCommand>> &commands)
{
    out << "Usage: deepterra-cli <command> [options]\n\n"
        << "Runs Deepterra's engine without the GUI.\n\nCommands:\n";
    for (const auto &command : commands)
        out << "  " << command->name().leftJustified(14) << command->summary() << "\n";
    out << "\n'deepterra-cli <command> --help' describes a command's options.\n";
}

} // namespace

int main(int argc, char **argv)
{
    // A process of a data-parallel job that dies mid-send must fail the others' collective (an
    // error they report), not kill them with SIGPIPE, as Python (and so PyTorch) arranges too.
    std::signal(SIGPIPE, SIG_IGN);
    // QCommandLineParser's help starts "Usage: <argv[0]>": each command's reads "Usage: deepterra-cli
    // train [options] project", whatever path the program was started by.
    std::string program = "deepterra-cli";
    if (argc > 1 && argv[1][0] != '-')
        program += std::string(" ") + argv[1];
    std::vector<char *> args(argv, argv + argc);
    args[0] = program.data();
    argv = args.data();
    // Only `report` draws (plots, PDF pages): it gets a QApplication, offscreen unless the user
    // chose a platform; every other command runs without a display server or the GUI libraries' cost.
    std::unique_ptr<QCoreApplication> app;
    if (cli::ReportCommand::needsGui(argc, argv)) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("deepterra-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DEEPTERRA_VERSION));
    MemoryPolicy::reuseFreedMemory();
    TorchRuntime::setIntraOpThreads(0);

    std::vector<std::unique_ptr<cli::CliCommand>> commands;
    commands.push_back(std::make_unique<cli::InfoCommand>());
    commands.push_back(std::make_unique<cli::ModelCommand>());
    commands.push_back(std::make_unique<cli::InitCommand>());
    commands.push_back(std::make_unique<cli::TrainCommand>());
    commands.push_back(std::make_unique<cli::PredictCommand>());
    commands.push_back(std::make_unique<cli::MosaicCommand>());
    commands.push_back(std::make_unique<cli::ForecastCommand>());
    commands.push_back(std::make_unique<cli::AnomaliesCommand>());
    commands.push_back(std::make_unique<cli::ExportCommand>());
    commands.push_back(std::make_unique<cli::ExplainCommand>());
    commands.push_back(std::make_unique<cli::ReportCommand>());
    commands.push_back(std::make_unique<cli::SamplePointsCommand>());
    commands.push_back(std::make_unique<cli::AssessCommand>());
    commands.push_back(std::make_unique<cli::VersionCommand>());

    QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2 || arguments.at(1) == QLatin1String("--help")
        || arguments.at(1) == QLatin1String("-h")) {
        QTextStream out(arguments.size() < 2 ? stderr : stdout);
        printUsage(out, commands);
        return arguments.size() < 2 ? 2 : 0;
    }
    if (arguments.at(1) == QLatin1String("--version"))
        arguments[1] = QStringLiteral("version");

    const QString name = arguments.at(1);
    for (const auto &command : commands) {
        if (command->name() == name) {
            arguments.removeFirst(); // the program: the command's parser sees "info --json x.tif"
            return command->run(arguments);
        }
    }
    QTextStream err(stderr);
    err << "deepterra-cli: unknown command '" << name << "'\n\n";
    printUsage(err, commands);
    return 2;
}
