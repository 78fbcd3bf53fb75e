#pragma once

#include <QDockWidget>
#include <QString>

#include <functional>

class QMainWindow;

namespace deepterra {

class RunsPanel;
struct RunSummary;

// A dock showing the results of one kind of run (class, forecasting, autoencoder) in its view.
// While it is open, choosing one run of its kind in the runs panel shows that run.
class ResultsDock : public QDockWidget
{
    Q_OBJECT

public:
    struct View
    {
        QWidget *widget = nullptr;
        std::function<void(const QString &runFolder)> showRun;
        std::function<QString()> runFolder; // the run shown
    };
    using RunFilter = std::function<bool(const RunSummary &run)>;

    ResultsDock(const QString &title, const QString &objectName, View view, RunsPanel *runs,
                RunFilter accepts, QMainWindow *window);

    // Shows `runFolder` in the view, and the dock in front.
    void showRun(const QString &runFolder);

private:
    void followSelection();

    View m_view;
    RunsPanel *m_runs;
    RunFilter m_accepts;
};

} // namespace deepterra
