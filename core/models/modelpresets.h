#pragma once

#include "models/modelspec.h"

#include <QStringList>

#include <optional>

namespace deepterra {

// Named, ready-made specs. The `seed-*` presets reproduce the field's reference architectures
// exactly (their parameter counts are checked in tests); the others are sensible starting points.
class ModelPresets
{
public:
    static QStringList names();
    static QString description(const QString &name);
    static std::optional<ModelSpec> find(const QString &name);
};

} // namespace deepterra
