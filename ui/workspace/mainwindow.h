#pragma once

#include "project/project.h"

#include <QMainWindow>

#include <functional>

namespace deepterra {

class DataFileImporter;
class LayerInspector;
class LayersPanel;
class MapCanvas;
class MapStatusWidget;
class MapWorkspace;
class ProjectController;
class PropertiesView;
class RecentFiles;
class SeriesController;
class SeriesView;
class ResultsWorkbench;
class TrainingWorkbench;

// Deepterra's main window, laid out like the GIS tools geoscientists know: the map in the middle,
// the layers and the selected layer's properties on the left, the series view below, the cursor's
// coordinates and values in the status bar. Projects open, save and reopen as the JSON file that
// deepterra-cli runs; data files open from the File menu or by dropping them on the window. Every
// file read runs on a worker thread: the window never blocks.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum class SaveChoice { Save, Discard, Cancel };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Loads in the background; projectLoaded() or loadFailed() follows. No unsaved-changes prompt:
    // the menu commands ask first.
    void openProject(const QString &path);
    void newProject();
    // Adds data files as layers (kind detected from the file, in the background). Each file gives
    // layerAdded() or loadFailed() naming the file.
    void addDataFiles(const QStringList &paths);
    // Projects (.deepterra, .json) open, other files are added as layers.
    void openFiles(const QStringList &paths);
    // Saves to the project's file, asking for one when it has none; false when nothing was saved.
    bool save();
    bool saveAs(const QString &path);
    // Asks whether to save unsaved changes; false when the user cancels.
    bool maybeSave();
    // How maybeSave() asks; tests answer without a dialog.
    void setSavePrompt(std::function<SaveChoice()> prompt) { m_savePrompt = std::move(prompt); }
    // Where saveAs asks for a path when the project has none; tests answer without a dialog.
    void setSavePathPrompt(std::function<QString()> prompt) { m_savePathPrompt = std::move(prompt); }

    const Project *project() const;
    bool isModified() const;
    LayersPanel *layersPanel() const { return m_layers; }
    PropertiesView *propertiesView() const { return m_properties; }
    MapCanvas *mapCanvas() const { return m_canvas; }
    SeriesView *seriesView() const { return m_series; }
    MapStatusWidget *statusWidget() const { return m_status; }
    MapWorkspace *workspace() const { return m_workspace; }
    ProjectController *projectController() const { return m_controller; }
    TrainingWorkbench *training() const { return m_training; }
    ResultsWorkbench *results() const { return m_results; }
    // Opens the style dialog of a layer (non-modal).
    void editStyle(const QString &id);

    // The demo as shipped (DemoProject::shippedPath()).
    static QString demoProjectPath();
    // Opens the demo, from a copy in the user's data folder when the shipped one is installed.
    void openDemoProject();

Q_SIGNALS:
    void projectLoaded();
    void loadFailed(const QString &message);
    void layerInspected(const QString &layerId);
    void layerAdded(const QString &layerId);
    void layersLoaded();
    void projectSaved(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createDocks();
    void restoreSettings();
    void saveSettings() const;
    void chooseProject();
    void chooseDataFiles();
    bool chooseSavePath();
    void showAbout();
    void updateTitle();
    void showLayer(const QString &id);
    void reportError(const QString &message);
    SaveChoice askToSave();

    ProjectController *m_controller = nullptr;
    MapCanvas *m_canvas = nullptr;
    LayersPanel *m_layers = nullptr;
    PropertiesView *m_properties = nullptr;
    SeriesView *m_series = nullptr;
    MapStatusWidget *m_status = nullptr;
    MapWorkspace *m_workspace = nullptr;
    SeriesController *m_seriesController = nullptr;
    TrainingWorkbench *m_training = nullptr;
    ResultsWorkbench *m_results = nullptr;
    RecentFiles *m_recent = nullptr;
    LayerInspector *m_inspector = nullptr;
    DataFileImporter *m_importer = nullptr;
    std::function<SaveChoice()> m_savePrompt;
    std::function<QString()> m_savePathPrompt;
    QString m_lastDirectory;
};

} // namespace deepterra
