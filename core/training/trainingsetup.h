#pragma once

#include "models/modelspec.h"
#include "training/taskconfig.h"
#include "training/trainingconfig.h"

#include <QJsonObject>
#include <QString>

namespace deepterra {

class Project;

// The training sections of a project: what to learn (task), with which network (model) and how
// (training), and where runs go (outputs).
struct TrainingSetup
{
    TaskConfig task;
    ModelSpec model;
    TrainingConfig training;
    QString runsFolder = QStringLiteral("runs"); // relative to the project file

    // Throws DataError naming the project file and the key when a section is missing or invalid,
    // or refers to a layer the project does not have.
    static TrainingSetup fromProject(const Project &project);
    // The model section accepts a full spec ({"type": "unet", ...}) or a preset with overrides
    // ({"preset": "unet-small", "depth": 4}).
    static ModelSpec modelFromJson(const QJsonObject &json, const QString &filePath);
    static TrainingSetup fromJson(const QJsonObject &sections, const QString &filePath);
    QJsonObject toJson() const; // {"task": ..., "model": ..., "training": ..., "outputs": ...}
    // runsFolder, a relative one resolved against the folder of the project's file.
    QString absoluteRunsFolder(const Project &project) const;
};

} // namespace deepterra
