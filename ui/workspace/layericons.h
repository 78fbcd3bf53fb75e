#pragma once

#include "project/layerkind.h"

#include <QIcon>
#include <QObject>

namespace deepterra {

// Small drawn icons for the layer kinds and for the toolbar, so that the app needs no image files
// and looks the same on every desktop theme.
class LayerIcons
{
public:
    static QIcon forKind(LayerKind kind);
    static QString kindLabel(LayerKind kind);
    enum class Action {
        Add,
        Remove,
        Up,
        Down,
        ZoomLayer,
        ZoomIn,
        ZoomOut,
        ZoomFull,
        Pan,
        PickPoint,
        PickArea,
        Style
    };
    static QIcon forAction(Action action);
};

} // namespace deepterra
