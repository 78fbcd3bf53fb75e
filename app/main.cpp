#include "workspace/mainwindow.h"

#include <QApplication>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Deepterra"));
    QApplication::setOrganizationName(QStringLiteral("Deepterra"));
    deepterra::MainWindow window;
    window.show();
    return QApplication::exec();
}
