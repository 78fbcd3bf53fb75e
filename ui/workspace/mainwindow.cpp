#include "workspace/mainwindow.h"

namespace deepterra {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("Deepterra"));
}

} // namespace deepterra
