#include "training/tasklayers.h"

#include "common/dataerror.h"
#include "project/project.h"

#include <QStringList>

namespace deepterra {

const ProjectLayer &TaskLayers::require(const Project &project, const QString &id, const QString &role,
                                        const QList<LayerKind> &kinds)
{
    if (id.isEmpty())
        throw DataError(project.filePath, QStringLiteral("the task names no %1 layer").arg(role));
    const ProjectLayer *layer = project.layer(id);
    if (!layer) {
        QStringList ids;
        for (const ProjectLayer &l : project.layers)
            ids << l.id;
        throw DataError(
            project.filePath,
            QStringLiteral("the task's %1 layer \"%2\" is not in the project (layers: %3)")
                .arg(role, id, ids.isEmpty() ? QStringLiteral("none") : ids.join(QStringLiteral(", "))));
    }
    if (!kinds.contains(layer->kind)) {
        QStringList expected;
        for (LayerKind kind : kinds)
            expected << layerKindName(kind);
        throw DataError(
            project.filePath,
            QStringLiteral("the task's %1 layer \"%2\" is a %3 layer, but it must be %4")
                .arg(role, id, layerKindName(layer->kind), expected.join(QStringLiteral(" or "))));
    }
    return *layer;
}

} // namespace deepterra
