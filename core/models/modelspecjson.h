#pragma once

#include "models/modelspec.h"

#include <QJsonObject>

namespace deepterra {

class JsonFields;

// Model specs as JSON: {"type": "unet", "name": "...", "depth": 3, ...}. Reading validates every
// value and throws DataError naming the file and the key.
class ModelSpecJson
{
public:
    static QJsonObject toJson(const ModelSpec &spec);
    static ModelSpec fromJson(const QJsonObject &json, const QString &filePath,
                              const QString &keyPath = QStringLiteral("model"));
    static ModelSpec fromFields(const JsonFields &fields);
    static ModelSpec load(const QString &path); // a spec file
};

} // namespace deepterra
