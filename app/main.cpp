#include "runtime/gpuinventory.h"
#include "runtime/memorypolicy.h"
#include "runtime/onednncheck.h"
#include "runtime/torchruntime.h"
#include "workspace/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QThreadPool>
#include <csignal>

int main(int argc, char **argv)
{
    // A process of a data-parallel job that dies mid-send must fail the others' collective (an
    // error they report), not kill them with SIGPIPE, as Python (and so PyTorch) arranges too.
    std::signal(SIGPIPE, SIG_IGN);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Deepterra"));
    QApplication::setOrganizationName(QStringLiteral("Deepterra"));
    QApplication::setApplicationVersion(QStringLiteral(DEEPTERRA_VERSION));
    // The installed desktop file and hicolor icons carry the application's id (installer/).
    QGuiApplication::setDesktopFileName(QStringLiteral("org.deepterra.Deepterra"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("org.deepterra.Deepterra")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Deep learning on geodata without writing code."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Open the Olinda demo project."));
    parser.addOption(demo);
    parser.addPositionalArgument(QStringLiteral("files"),
                                 QStringLiteral("A .deepterra project to open, or data files to show "
                                                "(rasters, vector files, NetCDF, CSV)."),
                                 QStringLiteral("[files...]"));
    parser.process(app);

    deepterra::MemoryPolicy::reuseFreedMemory();
    deepterra::TorchRuntime::setIntraOpThreads(0);
    // Starting the CUDA driver can take a second: done before the device page asks for it.
    QThreadPool::globalInstance()->start([] { deepterra::GpuInventory::detected(); });
    // Likewise the check of LibTorch's convolutions, before the first network or set-up check.
    QThreadPool::globalInstance()->start([] { deepterra::OneDnnCheck::ensure(); });
    deepterra::MainWindow window;
    window.show();
    if (parser.isSet(demo))
        window.openDemoProject();
    else if (!parser.positionalArguments().isEmpty())
        window.openFiles(parser.positionalArguments());
    return QApplication::exec();
}
