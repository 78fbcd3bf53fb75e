#include "training/overlaycontrols.h"

#include "workspace/mapworkspace.h"
#include "workspace/projectcontroller.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>

namespace deepterra {

OverlayControls::OverlayControls(ProjectController *project, MapWorkspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_project(project)
    , m_workspace(workspace)
    , m_enabled(new QCheckBox(tr("Live prediction")))
    , m_opacity(new QSlider(Qt::Horizontal))
    , m_swipe(new QSlider(Qt::Horizontal))
{
    m_enabled->setChecked(true);
    m_enabled->setToolTip(
        tr("While the model trains, predict the part of the image the map shows after each "
           "epoch (and every 30 s), so you can watch the classes take shape. Previews use at "
           "most a tenth of the training time."));
    m_opacity->setRange(0, 100);
    m_opacity->setValue(75);
    m_opacity->setToolTip(tr("Opacity of the live prediction over the image"));
    m_swipe->setRange(0, 100);
    m_swipe->setValue(100);
    m_swipe->setToolTip(tr("Swipe: the prediction is drawn left of this share of the map's width, the image "
                           "shows on the right"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_enabled);
    layout->addWidget(new QLabel(tr("Opacity")));
    layout->addWidget(m_opacity, 1);
    layout->addWidget(new QLabel(tr("Swipe")));
    layout->addWidget(m_swipe, 1);
    setLayer(QString());

    connect(m_enabled, &QCheckBox::toggled, this, &OverlayControls::previewToggled);
    connect(m_opacity, &QSlider::valueChanged, this, [this](int value) {
        if (!m_layerId.isEmpty())
            m_project->setOpacity(m_layerId, value / 100.0);
    });
    connect(m_swipe, &QSlider::valueChanged, this, [this](int value) {
        if (!m_layerId.isEmpty())
            m_workspace->setSwipe(m_layerId, value / 100.0);
    });
}

void OverlayControls::setLayer(const QString &layerId)
{
    m_layerId = layerId;
    m_opacity->setEnabled(!layerId.isEmpty());
    m_swipe->setEnabled(!layerId.isEmpty());
    if (layerId.isEmpty())
        return;
    if (const Project *project = m_project->project())
        if (const ProjectLayer *layer = project->layer(layerId)) {
            const QSignalBlocker blocker(m_opacity);
            m_opacity->setValue(int(layer->opacity * 100.0 + 0.5));
        }
    m_workspace->setSwipe(layerId, m_swipe->value() / 100.0);
}

} // namespace deepterra
