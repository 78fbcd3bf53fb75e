#pragma once

#include "project/layerkind.h"

#include <QJsonObject>
#include <QString>

namespace deepterra {

// One dataset of a project as the user sees it in the layers panel.
struct ProjectLayer
{
    QString id;
    QString name;
    LayerKind kind = LayerKind::Imagery;
    QString path; // as written in the project file: relative to the project's folder when possible
    bool visible = true;
    double opacity = 1.0;
    QJsonObject style; // renderer settings, owned by the ui
    QJsonObject properties; // kind-specific settings: bands, classField, layer, variable, dateColumn...
};

} // namespace deepterra
