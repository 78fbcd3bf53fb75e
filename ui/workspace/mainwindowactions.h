#pragma once

#include <QObject>

class QAction;
class QActionGroup;
class QMainWindow;

namespace deepterra {

class LayersPanel;
class MapCanvas;
class MapWorkspace;
class ProjectController;
class RecentFiles;

// The main window's commands as menus (File, View, Layer, Help) and the map tool bar, with the map
// tools (pan, series at a point, series over an area) kept in step with the canvas. Map and layer
// commands go straight to the canvas, the workspace and the project; the commands that open,
// save and ask belong to the window and arrive there as signals.
class MainWindowActions : public QObject
{
    Q_OBJECT

public:
    MainWindowActions(QMainWindow *window, MapCanvas *canvas, MapWorkspace *workspace, LayersPanel *layers,
                      ProjectController *project, RecentFiles *recent);

    // Fills the window's menu bar and adds the tool bar. After the docks exist: the View menu
    // lists them.
    void install();

Q_SIGNALS:
    void newProjectRequested();
    void openProjectRequested();
    void openDemoRequested();
    void addDataRequested();
    void saveRequested();
    void saveAsRequested();
    void styleRequested(const QString &layerId);
    void aboutRequested();

private:
    void createTools();
    void createMenus();
    void createToolBar();

    QMainWindow *m_window;
    MapCanvas *m_canvas;
    MapWorkspace *m_workspace;
    LayersPanel *m_layers;
    ProjectController *m_project;
    RecentFiles *m_recent;

    QAction *m_saveAction = nullptr;
    QActionGroup *m_tools = nullptr;
    QAction *m_panTool = nullptr;
    QAction *m_pickPointTool = nullptr;
    QAction *m_pickAreaTool = nullptr;
};

} // namespace deepterra
