#include "workspace/layerspanel.h"

#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace deepterra {

namespace {
constexpr int kIdRole = Qt::UserRole + 1;

QString kindLabel(LayerKind kind)
{
    switch (kind) {
    case LayerKind::Imagery:
        return QObject::tr("Imagery");
    case LayerKind::Dem:
        return QObject::tr("DEM");
    case LayerKind::ClassRaster:
        return QObject::tr("Class raster");
    case LayerKind::VectorLabels:
        return QObject::tr("Training polygons");
    case LayerKind::Series:
        return QObject::tr("Time series");
    case LayerKind::Cube:
        return QObject::tr("NetCDF cube");
    case LayerKind::Prediction:
        return QObject::tr("Prediction");
    }
    return {};
}
} // namespace

LayersPanel::LayersPanel(QWidget *parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget(this))
{
    m_tree->setObjectName(QStringLiteral("layersTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({ tr("Layer"), tr("Kind") });
    m_tree->setRootIsDecorated(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);

    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *current) {
        Q_EMIT currentLayerChanged(current ? current->data(0, kIdRole).toString() : QString());
    });
    connect(m_tree, &QTreeWidget::itemChanged, this, &LayersPanel::onItemChanged);
}

void LayersPanel::setProject(const Project *project)
{
    m_populating = true;
    m_tree->clear();
    if (project) {
        for (const ProjectLayer &layer : project->layers) {
            auto *item = new QTreeWidgetItem(m_tree);
            item->setText(0, layer.name);
            item->setText(1, kindLabel(layer.kind));
            item->setToolTip(0, project->absolutePath(layer));
            item->setData(0, kIdRole, layer.id);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(0, layer.visible ? Qt::Checked : Qt::Unchecked);
        }
    }
    m_populating = false;
    if (m_tree->topLevelItemCount() > 0)
        m_tree->setCurrentItem(m_tree->topLevelItem(0));
}

QString LayersPanel::currentLayerId() const
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    return item ? item->data(0, kIdRole).toString() : QString();
}

void LayersPanel::selectLayer(const QString &id)
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (m_tree->topLevelItem(i)->data(0, kIdRole).toString() == id)
            m_tree->setCurrentItem(m_tree->topLevelItem(i));
}

void LayersPanel::onItemChanged(QTreeWidgetItem *item, int column)
{
    if (m_populating || column != 0)
        return;
    Q_EMIT visibilityChanged(item->data(0, kIdRole).toString(), item->checkState(0) == Qt::Checked);
}

} // namespace deepterra
