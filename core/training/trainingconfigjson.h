#pragma once

#include "training/taskconfig.h"
#include "training/trainingconfig.h"

#include <QJsonObject>

namespace deepterra {

class JsonFields;

// The "task" and "training" sections of a project file (docs/project-format.md). Reading
// validates every value and names the file and key of the first bad one.
class TrainingConfigJson
{
public:
    static QJsonObject toJson(const TrainingConfig &config);
    static TrainingConfig trainingFromFields(const JsonFields &fields);

    static QJsonObject toJson(const TaskConfig &task);
    static TaskConfig taskFromFields(const JsonFields &fields);
};

} // namespace deepterra
