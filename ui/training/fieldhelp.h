#pragma once

#include <QString>

namespace deepterra {

// The tooltip of each set-up field, written for a geoscientist rather than a machine-learning
// engineer: what the setting does to the model and a rule of thumb for choosing it. Keyed by the
// dotted field names of SetupProblem ("task.patchSize", "training.learningRate", "model.depth").
class FieldHelp
{
public:
    // Empty for a field without help.
    static QString text(const QString &field);
};

} // namespace deepterra
