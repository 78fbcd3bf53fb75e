#pragma once

#include "project/project.h"

#include <QJsonObject>
#include <QString>

namespace deepterra {

// Reads and writes project files (JSON, docs/project-format.md). Loading validates everything and
// throws DataError naming the file and the problem; saving is atomic (QSaveFile), so a crash or a
// full disk never leaves a half-written project behind.
class ProjectFile
{
public:
    static Project load(const QString &path);
    static void save(Project &project, const QString &path);

    static Project fromJson(const QJsonObject &json, const QString &pathForMessages);
    // Layer paths are written relative to the folder of `projectPath` when they lie below it or
    // next to it; absolute otherwise.
    static QJsonObject toJson(const Project &project, const QString &projectPath);
};

} // namespace deepterra
