#include "results/resultsdock.h"

#include "training/runspanel.h"
#include "training/runsummary.h"

#include <QMainWindow>
#include <QTreeWidget>

namespace deepterra {

ResultsDock::ResultsDock(const QString &title, const QString &objectName, View view, RunsPanel *runs,
                         RunFilter accepts, QMainWindow *window)
    : QDockWidget(title, window)
    , m_view(std::move(view))
    , m_runs(runs)
    , m_accepts(std::move(accepts))
{
    setObjectName(objectName);
    setWidget(m_view.widget);
    window->addDockWidget(Qt::RightDockWidgetArea, this);
    connect(m_runs->tree(), &QTreeWidget::itemSelectionChanged, this, &ResultsDock::followSelection);
}

void ResultsDock::showRun(const QString &runFolder)
{
    m_view.showRun(runFolder);
    show();
    raise();
}

void ResultsDock::followSelection()
{
    const QStringList selected = m_runs->selectedRuns();
    if (!isVisible() || selected.size() != 1 || selected.first() == m_view.runFolder())
        return;
    for (const RunSummary &run : m_runs->runs())
        if (run.path == selected.first() && m_accepts(run))
            m_view.showRun(run.path);
}

} // namespace deepterra
