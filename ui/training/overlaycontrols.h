#pragma once

#include <QWidget>

class QCheckBox;
class QSlider;

namespace deepterra {

class MapWorkspace;
class ProjectController;

// The live prediction layer's controls beside the dashboard: whether the map shows it, its
// opacity, and a swipe that draws it only left of a line, to compare it with the image below.
class OverlayControls : public QWidget
{
    Q_OBJECT

public:
    OverlayControls(ProjectController *project, MapWorkspace *workspace, QWidget *parent = nullptr);

    // The layer the controls act on; empty disables them until the first preview arrives.
    void setLayer(const QString &layerId);
    QString layer() const { return m_layerId; }
    QCheckBox *previewCheck() const { return m_enabled; }
    QSlider *opacitySlider() const { return m_opacity; }
    QSlider *swipeSlider() const { return m_swipe; }

Q_SIGNALS:
    void previewToggled(bool enabled);

private:
    ProjectController *m_project;
    MapWorkspace *m_workspace;
    QString m_layerId;
    QCheckBox *m_enabled;
    QSlider *m_opacity;
    QSlider *m_swipe;
};

} // namespace deepterra
