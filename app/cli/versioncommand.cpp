#include "cli/versioncommand.h"

#include "geodata/gdalenvironment.h"
#include "runtime/gpuinventory.h"
#include "runtime/onednncheck.h"
#include "runtime/torchruntime.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

namespace deepterra::cli {

int VersionCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Prints the versions of Deepterra, Qt, LibTorch (with the devices it can use and its CPU threads), "
        "GDAL and PROJ, the GPUs found or why none is used, and whether LibTorch's CPU convolutions were "
        "found wrong here (then Deepterra runs them without oneDNN). 'deepterra-cli --version' is the "
        "same."));
    parser.addHelpOption();
    parser.process(arguments);

    QTextStream out(stdout);
    out << "Deepterra " << QCoreApplication::applicationVersion() << "\n"
        << "Qt " << qVersion() << "\n"
        << "LibTorch " << TorchRuntime::libtorchVersion()
        << " (devices: " << TorchRuntime::availableDevices().join(QStringLiteral(", ")) << "; "
        << TorchRuntime::intraOpThreads() << " intra-op threads)\n"
        << "GDAL " << GdalEnvironment::gdalVersion() << ", PROJ " << GdalEnvironment::projVersion() << "\n";
    const GpuInventory &gpus = GpuInventory::detected();
    for (const GpuInfo &gpu : gpus.visibleGpus())
        out << "GPU cuda:" << gpu.index << ": " << gpu.description() << " (compute " << gpu.computeMajor
            << "." << gpu.computeMinor << ")\n";
    if (!gpus.cpuOnlyReason().isEmpty())
        out << gpus.cpuOnlyReason() << "\n";
    if (!OneDnnCheck::finding().isEmpty()) {
        out << OneDnnCheck::finding() << ".\nThe convolutions found wrong:\n";
        for (const QString &wrong : OneDnnCheck::wrongCases())
            out << "  " << wrong << "\n";
    }
    return 0;
}

} // namespace deepterra::cli
