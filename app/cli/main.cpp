#include "runtime/torchruntime.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream(stdout) << "deepterra-cli, LibTorch " << deepterra::TorchRuntime::libtorchVersion() << '\n';
    return 0;
}
