#pragma once

#include "project/layerkind.h"

#include <QList>
#include <QString>

namespace deepterra {

class Project;
struct ProjectLayer;

// Finds the layers a task names, with messages that say which setting points where.
class TaskLayers
{
public:
    // The layer `id` of `project`, which serves as `role` ("image", "labels"...). Throws
    // DataError naming the project file when no layer has that id (listing the ids) or when the
    // layer's kind is not one of `kinds`.
    static const ProjectLayer &require(const Project &project, const QString &id, const QString &role,
                                       const QList<LayerKind> &kinds);
};

} // namespace deepterra
