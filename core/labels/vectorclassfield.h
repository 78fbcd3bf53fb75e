#pragma once

#include "labels/classtable.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <cstdint>

namespace deepterra {

// The attribute of a vector layer that holds the class of each polygon. An integer field (or a
// real field holding whole numbers) gives class values; its names come from a text field named
// "name", "class_name", "classname", "class_label" or "label" when the layer has one (the first
// non-empty name seen for a value), "class N" otherwise. A text field gives class names, numbered
// 1..N in sorted order. Features whose field is empty are unlabelled.
class VectorClassField
{
public:
    // Throws DataError naming `path` when the layer has no such field (listing the fields it has)
    // or the field's type cannot hold classes.
    VectorClassField(const QString &path, void *layer, const QString &fieldName);

    // Reads the class of every feature (without geometries) and builds the table that
    // classIndex() refers to. Throws DataError when no feature has a class or a value is not an
    // integer.
    const ClassTable &readClasses();
    // The table readClasses() built earlier for the same field: a strip of a large image need not
    // read every feature again to learn them.
    void useClasses(const ClassTable &classes);
    const ClassTable &classes() const { return m_classes; }

    // The index into classes() of an OGRFeatureH's class, or LabelGrid::kIgnore when it has none.
    std::int32_t classIndex(void *feature) const;

private:
    enum class Kind { Integer, Real, Text };

    bool hasClass(void *feature) const;
    int integerValue(void *feature) const;
    QString textValue(void *feature) const;

    QString m_path;
    void *m_layer = nullptr;
    QString m_fieldName;
    int m_field = -1;
    int m_nameField = -1;
    Kind m_kind = Kind::Integer;
    ClassTable m_classes;
    QHash<QString, std::int32_t> m_indexOfName;
};

} // namespace deepterra
