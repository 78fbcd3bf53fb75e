#include "labels/vectorclassfield.h"

#include "common/dataerror.h"
#include "geodata/gdalerrorscope.h"
#include "labels/labelgrid.h"

#include <ogr_api.h>

#include <cmath>
#include <map>
#include <memory>
#include <set>

namespace deepterra {

namespace {

struct FeatureDeleter
{
    void operator()(void *feature) const { OGR_F_Destroy(static_cast<OGRFeatureH>(feature)); }
};
using FeaturePtr = std::unique_ptr<void, FeatureDeleter>;

QString layerName(void *layer)
{
    return QString::fromUtf8(OGR_L_GetName(static_cast<OGRLayerH>(layer)));
}

} // namespace

VectorClassField::VectorClassField(const QString &path, void *layer, const QString &fieldName)
    : m_path(path)
    , m_layer(layer)
    , m_fieldName(fieldName)
{
    OGRFeatureDefnH definition = OGR_L_GetLayerDefn(static_cast<OGRLayerH>(layer));
    m_field = fieldName.isEmpty() ? -1 : OGR_FD_GetFieldIndex(definition, fieldName.toUtf8().constData());
    QStringList available;
    for (int i = 0; i < OGR_FD_GetFieldCount(definition); ++i)
        available.append(QString::fromUtf8(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, i))));
    if (m_field < 0)
        throw DataError(
            path,
            QStringLiteral("layer '%1' has no field '%2' (available fields: %3)")
                .arg(layerName(layer), fieldName,
                     available.isEmpty() ? QStringLiteral("none") : available.join(QStringLiteral(", "))));

    const OGRFieldType type = OGR_Fld_GetType(OGR_FD_GetFieldDefn(definition, m_field));
    switch (type) {
    case OFTInteger:
    case OFTInteger64:
        m_kind = Kind::Integer;
        break;
    case OFTReal:
        m_kind = Kind::Real;
        break;
    case OFTString:
        m_kind = Kind::Text;
        break;
    default:
        throw DataError(path,
                        QStringLiteral("field '%1' of layer '%2' is of type %3: a class field holds "
                                       "integers or names")
                            .arg(fieldName, layerName(layer), QString::fromUtf8(OGR_GetFieldTypeName(type))));
    }

    if (m_kind != Kind::Text) {
        for (const char *candidate : { "name", "class_name", "classname", "class_label", "label" }) {
            const int index = OGR_FD_GetFieldIndex(definition, candidate);
            if (index >= 0 && index != m_field
                && OGR_Fld_GetType(OGR_FD_GetFieldDefn(definition, index)) == OFTString) {
                m_nameField = index;
                break;
            }
        }
    }
}

bool VectorClassField::hasClass(void *feature) const
{
    auto *f = static_cast<OGRFeatureH>(feature);
    if (!OGR_F_IsFieldSetAndNotNull(f, m_field))
        return false;
    return m_kind != Kind::Text || !textValue(feature).isEmpty();
}

int VectorClassField::integerValue(void *feature) const
{
    auto *f = static_cast<OGRFeatureH>(feature);
    const double value = m_kind == Kind::Real ? OGR_F_GetFieldAsDouble(f, m_field)
                                              : double(OGR_F_GetFieldAsInteger64(f, m_field));
    if (!std::isfinite(value) || value != std::floor(value) || std::abs(value) > 2147483647.0)
        throw DataError(m_path,
                        QStringLiteral("field '%1' of feature %2 holds %3: class values must be integers "
                                       "(or use a text field of class names)")
                            .arg(m_fieldName)
                            .arg(OGR_F_GetFID(f))
                            .arg(value, 0, 'g', 12));
    return int(value);
}

QString VectorClassField::textValue(void *feature) const
{
    return QString::fromUtf8(OGR_F_GetFieldAsString(static_cast<OGRFeatureH>(feature), m_field)).trimmed();
}

const ClassTable &VectorClassField::readClasses()
{
    auto *layer = static_cast<OGRLayerH>(m_layer);
    GdalErrorScope errors;
    // Geometries are the bulk of a layer and are not needed to find the classes.
    const char *ignored[] = { "OGR_GEOMETRY", nullptr };
    OGR_L_SetIgnoredFields(layer, const_cast<const char **>(ignored));
    OGR_L_ResetReading(layer);
    std::set<int> values;
    std::map<int, QString> names;
    QStringList texts;
    QSet<QString> seenTexts;
    try {
        while (FeaturePtr feature { OGR_L_GetNextFeature(layer) }) {
            if (!hasClass(feature.get()))
                continue;
            if (m_kind == Kind::Text) {
                const QString text = textValue(feature.get());
                if (!seenTexts.contains(text)) {
                    seenTexts.insert(text);
                    texts.append(text);
                }
                continue;
            }
            const int value = integerValue(feature.get());
            values.insert(value);
            if (m_nameField >= 0 && names.find(value) == names.end()) {
                const QString name
                    = QString::fromUtf8(
                          OGR_F_GetFieldAsString(static_cast<OGRFeatureH>(feature.get()), m_nameField))
                          .trimmed();
                if (!name.isEmpty())
                    names.emplace(value, name);
            }
        }
    } catch (...) {
        OGR_L_SetIgnoredFields(layer, nullptr);
        throw;
    }
    OGR_L_SetIgnoredFields(layer, nullptr);
    if (!errors.errors().isEmpty())
        throw DataError(m_path,
                        QStringLiteral("cannot read the features of layer '%1': %2")
                            .arg(layerName(m_layer), errors.lastError()));

    if (values.empty() && texts.isEmpty())
        throw DataError(m_path,
                        QStringLiteral("no feature of layer '%1' has a value in field '%2'")
                            .arg(layerName(m_layer), m_fieldName));
    if (m_kind == Kind::Text) {
        useClasses(ClassTable::fromNames(texts));
    } else {
        m_classes = ClassTable::fromValues(std::vector<int>(values.begin(), values.end()));
        for (ClassEntry &entry : m_classes.entries) {
            const auto name = names.find(entry.value);
            if (name != names.end())
                entry.name = name->second;
        }
    }
    return m_classes;
}

void VectorClassField::useClasses(const ClassTable &classes)
{
    m_classes = classes;
    m_indexOfName.clear();
    if (m_kind == Kind::Text)
        for (int i = 0; i < m_classes.size(); ++i)
            m_indexOfName.insert(m_classes.entries[std::size_t(i)].name, i);
}

std::int32_t VectorClassField::classIndex(void *feature) const
{
    if (!hasClass(feature))
        return LabelGrid::kIgnore;
    if (m_kind == Kind::Text)
        return m_indexOfName.value(textValue(feature), LabelGrid::kIgnore);
    return m_classes.indexOfValue(integerValue(feature));
}

} // namespace deepterra
