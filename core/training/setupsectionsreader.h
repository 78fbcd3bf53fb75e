#pragma once

#include "training/setupproblem.h"
#include "training/trainingsetup.h"

#include <QJsonObject>
#include <QVector>

#include <optional>

namespace deepterra {

// Reads a set-up's sections leniently for SetupValidator: where TrainingSetup::fromJson stops at
// the first bad key, this reports every rejected key as a problem in a form's words and reads on
// with the default in its place (a layer not chosen yet reads as empty).
class SetupSectionsReader
{
public:
    // The set-up with defaults for the rejected keys; nullopt when it cannot be read at all (the
    // problem says why). Problems go to `problems`, one per field at most.
    static std::optional<TrainingSetup> read(const QJsonObject &sections, const QString &filePath,
                                             TaskKind kind, QVector<SetupProblem> &problems);
    // SetupValidator::fieldForKey.
    static QString fieldForKey(const QString &keyPath);

    // Wording shared with the validator: what to choose for an empty layer field
    // ("task.imageLayer", "task.labelLayer", "task.seriesLayer"), a task's name in words, and a
    // sentence's first letter.
    static QString layerChoice(const QString &field, TaskKind kind);
    static QString taskWords(TaskKind kind);
    static QString capitalised(QString text);
};

} // namespace deepterra
