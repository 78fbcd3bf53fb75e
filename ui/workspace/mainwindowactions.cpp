#include "workspace/mainwindowactions.h"

#include "map/mapcanvas.h"
#include "workspace/layericons.h"
#include "workspace/layerspanel.h"
#include "workspace/mapworkspace.h"
#include "workspace/projectcontroller.h"
#include "workspace/recentfiles.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>

namespace deepterra {

MainWindowActions::MainWindowActions(QMainWindow *window, MapCanvas *canvas, MapWorkspace *workspace,
                                     LayersPanel *layers, ProjectController *project, RecentFiles *recent)
    : QObject(window)
    , m_window(window)
    , m_canvas(canvas)
    , m_workspace(workspace)
    , m_layers(layers)
    , m_project(project)
    , m_recent(recent)
{ }

void MainWindowActions::install()
{
    createTools();
    createMenus();
    createToolBar();
}

void MainWindowActions::createTools()
{
    m_tools = new QActionGroup(this);
    auto tool = [this](LayerIcons::Action icon, const QString &text, MapCanvas::Tool canvasTool) {
        QAction *action = m_tools->addAction(LayerIcons::forAction(icon), text);
        action->setCheckable(true);
        connect(action, &QAction::triggered, m_canvas, [this, canvasTool] { m_canvas->setTool(canvasTool); });
        return action;
    };
    m_panTool = tool(LayerIcons::Action::Pan, tr("&Pan"), MapCanvas::Tool::Pan);
    m_pickPointTool
        = tool(LayerIcons::Action::PickPoint, tr("Series at a &Point"), MapCanvas::Tool::PickPoint);
    m_pickAreaTool
        = tool(LayerIcons::Action::PickArea, tr("Series over an &Area"), MapCanvas::Tool::PickArea);
    m_panTool->setChecked(true);
    // The series view also switches tools: the checked action follows the canvas.
    connect(m_canvas, &MapCanvas::toolChanged, this, [this](MapCanvas::Tool t) {
        // The Explain tool has its own action (ResultsWorkbench): none of these is checked then.
        if (t == MapCanvas::Tool::Explain) {
            m_tools->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional);
            if (QAction *checked = m_tools->checkedAction())
                checked->setChecked(false);
            return;
        }
        (t == MapCanvas::Tool::Pan             ? m_panTool
             : t == MapCanvas::Tool::PickPoint ? m_pickPointTool
                                               : m_pickAreaTool)
            ->setChecked(true);
        m_tools->setExclusionPolicy(QActionGroup::ExclusionPolicy::Exclusive);
    });
}

void MainWindowActions::createMenus()
{
    QStyle *style = QApplication::style();
    QMenuBar *bar = m_window->menuBar();
    QMenu *file = bar->addMenu(tr("&File"));
    file->addAction(tr("&New Project"), QKeySequence::New, this, &MainWindowActions::newProjectRequested);
    file->addAction(style->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open Project…"),
                    QKeySequence::Open, this, &MainWindowActions::openProjectRequested);
    QMenu *recent = file->addMenu(tr("Open &Recent"));
    recent->setObjectName(QStringLiteral("recentMenu"));
    m_recent->attach(recent);
    file->addAction(tr("Open &Demo Project"), this, &MainWindowActions::openDemoRequested);
    file->addSeparator();
    file->addAction(LayerIcons::forAction(LayerIcons::Action::Add), tr("&Add Data…"),
                    QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), this,
                    &MainWindowActions::addDataRequested);
    file->addSeparator();
    m_saveAction = file->addAction(style->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save"),
                                   QKeySequence::Save, this, &MainWindowActions::saveRequested);
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindowActions::saveAsRequested);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, m_window, &QWidget::close);

    QMenu *view = bar->addMenu(tr("&View"));
    view->addAction(LayerIcons::forAction(LayerIcons::Action::ZoomIn), tr("Zoom &In"), QKeySequence::ZoomIn,
                    m_canvas, &MapCanvas::zoomIn);
    view->addAction(LayerIcons::forAction(LayerIcons::Action::ZoomOut), tr("Zoom &Out"),
                    QKeySequence::ZoomOut, m_canvas, &MapCanvas::zoomOut);
    view->addAction(LayerIcons::forAction(LayerIcons::Action::ZoomFull), tr("Zoom to &Full Extent"),
                    QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F), m_canvas, &MapCanvas::zoomToFullExtent);
    view->addAction(LayerIcons::forAction(LayerIcons::Action::ZoomLayer), tr("Zoom to &Layer"), this,
                    [this] { m_workspace->zoomToLayer(m_layers->currentLayerId()); });
    view->addAction(tr("&Refresh"), QKeySequence::Refresh, m_canvas, &MapCanvas::refresh);
    view->addSeparator();
    view->addActions(m_tools->actions());
    view->addSeparator();
    for (QDockWidget *dock : m_window->findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());

    QMenu *layer = bar->addMenu(tr("&Layer"));
    layer->addAction(LayerIcons::forAction(LayerIcons::Action::Style), tr("&Style…"), this,
                     [this] { Q_EMIT styleRequested(m_layers->currentLayerId()); });
    layer->addAction(tr("Move &Up"), this, [this] { m_project->moveLayer(m_layers->currentLayerId(), -1); });
    layer->addAction(tr("Move &Down"), this, [this] { m_project->moveLayer(m_layers->currentLayerId(), 1); });
    layer->addAction(LayerIcons::forAction(LayerIcons::Action::Remove), tr("&Remove"), this,
                     [this] { m_project->removeLayer(m_layers->currentLayerId()); });

    QMenu *help = bar->addMenu(tr("&Help"));
    help->addAction(tr("&About Deepterra"), this, &MainWindowActions::aboutRequested);
}

void MainWindowActions::createToolBar()
{
    QToolBar *bar = m_window->addToolBar(tr("Map"));
    bar->setObjectName(QStringLiteral("mapToolBar"));
    bar->setIconSize(QSize(22, 22));
    QStyle *style = QApplication::style();
    bar->addAction(style->standardIcon(QStyle::SP_DialogOpenButton), tr("Open Project…"), this,
                   &MainWindowActions::openProjectRequested);
    bar->addAction(m_saveAction);
    bar->addAction(LayerIcons::forAction(LayerIcons::Action::Add), tr("Add Data…"), this,
                   &MainWindowActions::addDataRequested);
    bar->addSeparator();
    bar->addAction(m_panTool);
    bar->addAction(LayerIcons::forAction(LayerIcons::Action::ZoomIn), tr("Zoom In"), m_canvas,
                   &MapCanvas::zoomIn);
    bar->addAction(LayerIcons::forAction(LayerIcons::Action::ZoomOut), tr("Zoom Out"), m_canvas,
                   &MapCanvas::zoomOut);
    bar->addAction(LayerIcons::forAction(LayerIcons::Action::ZoomFull), tr("Zoom to Full Extent"), m_canvas,
                   &MapCanvas::zoomToFullExtent);
    bar->addAction(LayerIcons::forAction(LayerIcons::Action::ZoomLayer), tr("Zoom to Layer"), this,
                   [this] { m_workspace->zoomToLayer(m_layers->currentLayerId()); });
    bar->addSeparator();
    bar->addAction(m_pickPointTool);
    bar->addAction(m_pickAreaTool);
}

} // namespace deepterra
