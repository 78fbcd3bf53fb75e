#include "cli/versioncommand.h"

#include "geodata/gdalenvironment.h"
#include "runtime/torchruntime.h"

#include <QCoreApplication>
#include <QTextStream>

namespace deepterra::cli {

int VersionCommand::run(const QStringList &)
{
    QTextStream out(stdout);
    out << "Deepterra " << QCoreApplication::applicationVersion() << "\n"
        << "Qt " << qVersion() << "\n"
        << "LibTorch " << TorchRuntime::libtorchVersion()
        << " (devices: " << TorchRuntime::availableDevices().join(QStringLiteral(", ")) << "; "
        << TorchRuntime::intraOpThreads() << " intra-op threads)\n"
        << "GDAL " << GdalEnvironment::gdalVersion() << ", PROJ " << GdalEnvironment::projVersion() << "\n";
    return 0;
}

} // namespace deepterra::cli
