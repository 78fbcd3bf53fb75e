#pragma once

#include "project/project.h"

#include <QHash>
#include <QJsonObject>
#include <QMainWindow>

#include <memory>

namespace deepterra {

class LayersPanel;
class PropertiesView;

// Deepterra's main window: the project's layers and, for the selected one, the facts that
// `deepterra-cli info` reports. File reads run on worker threads; the window never blocks.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Loads in the background; projectLoaded() or loadFailed() follows.
    void openProject(const QString &path);
    const Project *project() const { return m_project.get(); }
    LayersPanel *layersPanel() const { return m_layers; }
    PropertiesView *propertiesView() const { return m_properties; }

    static QString demoProjectPath();

Q_SIGNALS:
    void projectLoaded();
    void loadFailed(const QString &message);
    void layerInspected(const QString &layerId);

private:
    void createMenus();
    void chooseProject();
    void showAbout();
    void setProject(std::unique_ptr<Project> project);
    void showLayer(const QString &id);
    void reportError(const QString &message);

    std::unique_ptr<Project> m_project;
    LayersPanel *m_layers = nullptr;
    PropertiesView *m_properties = nullptr;
    QHash<QString, QJsonObject> m_reports; // layer id -> inspection, read once per project
    QHash<QString, QString> m_errors;
    bool m_showErrorDialogs = true;
};

} // namespace deepterra
