#pragma once

#include "project/project.h"

#include <QObject>

#include <memory>

namespace deepterra {

class JobPool;

// The open project and every change to it: opening (in the background), saving (atomic, through
// ProjectFile), and the edits the workspace makes to layers. It tracks unsaved changes. Sections
// this build does not edit (task, model, training, outputs) pass through untouched.
class ProjectController : public QObject
{
    Q_OBJECT

public:
    explicit ProjectController(QObject *parent = nullptr);
    ~ProjectController() override;

    // Null until a project was opened or created.
    const Project *project() const { return m_project.get(); }
    bool isModified() const { return m_modified; }
    // Empty for a project never saved.
    QString filePath() const { return m_project ? m_project->filePath : QString(); }
    QString displayName() const;

    void newProject();
    // Reads in the background: projectChanged() or openFailed() follows.
    void open(const QString &path);
    bool isOpening() const { return m_opening > 0; }
    // Returns false and emits saveFailed() with the message when the file cannot be written.
    bool save(const QString &path);

    // Edits; each emits layersChanged() or layerChanged() and marks the project modified.
    // addLayer() gives the layer an id no other layer has and returns it; new layers go on top.
    QString addLayer(ProjectLayer layer);
    void removeLayer(const QString &id);
    // delta -1 moves the layer up (drawn later, above), +1 down.
    void moveLayer(const QString &id, int delta);
    void setVisible(const QString &id, bool visible);
    void setOpacity(const QString &id, double opacity);
    void setStyle(const QString &id, const QJsonObject &style);
    // Points a layer at another file (the live prediction's next image): the layer is read again.
    void setLayerPath(const QString &id, const QString &path);
    // Sets one of the layer's kind-specific properties (a vector label layer's classField...):
    // the layer is read again.
    void setLayerProperty(const QString &id, const QString &key, const QJsonValue &value);
    // Replaces the training sections (task, model, training, outputs) that the set-up form edits;
    // emits sectionsChanged() and marks the project modified when they differ.
    void setSections(const QJsonObject &sections);

Q_SIGNALS:
    void projectChanged();
    void layersChanged();
    void layerChanged(const QString &id);
    void modifiedChanged(bool modified);
    void sectionsChanged();
    void openFailed(const QString &message);
    void saveFailed(const QString &message);
    void saved(const QString &path);

private:
    void setProject(std::unique_ptr<Project> project);
    void setModified(bool modified);
    ProjectLayer *editable(const QString &id);

    JobPool *m_jobs;
    std::unique_ptr<Project> m_project;
    bool m_modified = false;
    int m_opening = 0;
};

} // namespace deepterra
