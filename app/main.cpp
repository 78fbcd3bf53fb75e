#include "runtime/torchruntime.h"
#include "workspace/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Deepterra"));
    QApplication::setOrganizationName(QStringLiteral("Deepterra"));
    QApplication::setApplicationVersion(QStringLiteral(DEEPTERRA_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Deep learning on geodata without writing code."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("A .deepterra project to open."));
    parser.process(app);

    deepterra::TorchRuntime::setIntraOpThreads(0);
    deepterra::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openProject(parser.positionalArguments().constFirst());
    return QApplication::exec();
}
