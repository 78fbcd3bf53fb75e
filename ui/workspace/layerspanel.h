#pragma once

#include "project/project.h"

#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;

namespace deepterra {

// The project's layers, topmost first, with a visibility check box each, as in QGIS.
class LayersPanel : public QWidget
{
    Q_OBJECT

public:
    explicit LayersPanel(QWidget *parent = nullptr);

    void setProject(const Project *project);
    QString currentLayerId() const;
    void selectLayer(const QString &id);

Q_SIGNALS:
    void currentLayerChanged(const QString &id);
    void visibilityChanged(const QString &id, bool visible);

private:
    void onItemChanged(QTreeWidgetItem *item, int column);

    QTreeWidget *m_tree = nullptr;
    bool m_populating = false;
};

} // namespace deepterra
