#pragma once

#include "project/projectlayer.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace deepterra {

// A Deepterra project: the datasets (layers), and the task, model, training and output settings
// that the training engine reads. The same JSON file drives the GUI and `deepterra-cli`.
class Project
{
public:
    static constexpr int kFormatVersion = 1;

    QString name;
    QString description;
    std::vector<ProjectLayer> layers;
    // Sections owned by later stages (task, model, training, outputs), kept as written so that a
    // project round-trips through a build that does not interpret them.
    QJsonObject sections;

    // Where the project was loaded from or last saved; relative layer paths resolve against its folder.
    QString filePath;

    QString absolutePath(const ProjectLayer &layer) const;
    const ProjectLayer *layer(const QString &id) const;
    ProjectLayer *layer(const QString &id);
    // A new id based on `base` that no layer uses yet.
    QString uniqueLayerId(const QString &base) const;
};

} // namespace deepterra
