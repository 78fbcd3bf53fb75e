#pragma once

#include "map/legend.h"
#include "project/project.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QSlider;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace deepterra {

// The project's layers, topmost first, as in QGIS: a check box for visibility, the legend of
// each layer beneath it, buttons to add, remove, reorder, zoom to and style layers, and the
// opacity of the selected layer. Layers that failed to load, or cannot be placed on the map, show
// a warning icon and say why in their tooltip.
class LayersPanel : public QWidget
{
    Q_OBJECT

public:
    enum class State { Loading, Ready, Problem, Failed };
    // The data role of a layer item that holds its kind ("Imagery", "DEM"...); also in its tooltip.
    static constexpr int kKindRole = Qt::UserRole + 2;

    explicit LayersPanel(QWidget *parent = nullptr);

    void setProject(const Project *project);
    QString currentLayerId() const;
    void selectLayer(const QString &id);
    void setLayerState(const QString &id, State state, const QString &message = {});
    // The layer's tick, when its visibility changed elsewhere (the split preview showing its layer).
    void setLayerVisible(const QString &id, bool visible);
    void setLegend(const QString &id, const std::vector<LegendEntry> &entries);
    QTreeWidget *tree() const { return m_tree; }
    QSlider *opacitySlider() const { return m_opacity; }

Q_SIGNALS:
    void currentLayerChanged(const QString &id);
    void visibilityChanged(const QString &id, bool visible);
    void opacityChanged(const QString &id, double opacity);
    void moveRequested(const QString &id, int delta);
    void removeRequested(const QString &id);
    void styleRequested(const QString &id);
    void zoomRequested(const QString &id);
    void addDataRequested();

private:
    QTreeWidgetItem *itemOf(const QString &id) const;
    void onItemChanged(QTreeWidgetItem *item, int column);
    void showContextMenu(const QPoint &position);
    void updateControls();
    void applyState(QTreeWidgetItem *item);
    void fillLegend(QTreeWidgetItem *item);

    const Project *m_project = nullptr;
    QTreeWidget *m_tree = nullptr;
    QSlider *m_opacity = nullptr;
    QLabel *m_opacityValue = nullptr;
    QToolButton *m_remove = nullptr;
    QToolButton *m_up = nullptr;
    QToolButton *m_down = nullptr;
    QToolButton *m_zoom = nullptr;
    QToolButton *m_style = nullptr;
    QHash<QString, std::vector<LegendEntry>> m_legends;
    QHash<QString, std::pair<State, QString>> m_states;
    QHash<QString, bool> m_expanded;
    bool m_populating = false;
};

} // namespace deepterra
