#pragma once

#include <QMainWindow>

namespace deepterra {

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace deepterra
