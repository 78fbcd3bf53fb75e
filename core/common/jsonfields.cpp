#include "common/jsonfields.h"

#include "common/dataerror.h"

#include <cmath>

namespace deepterra {

namespace {
QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return QStringLiteral("\"%1\"").arg(value.toString());
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 12);
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    default:
        return QStringLiteral("null");
    }
}

QString range(double minimum, double maximum)
{
    const bool hasMin
        = std::isfinite(minimum) && minimum > -1e300 && minimum != double(std::numeric_limits<int>::min());
    const bool hasMax
        = std::isfinite(maximum) && maximum < 1e300 && maximum != double(std::numeric_limits<int>::max());
    if (hasMin && hasMax)
        return QStringLiteral(" in [%1, %2]").arg(minimum).arg(maximum);
    if (hasMin)
        return QStringLiteral(" >= %1").arg(minimum);
    if (hasMax)
        return QStringLiteral(" <= %1").arg(maximum);
    return {};
}
} // namespace

JsonFields::JsonFields(QJsonObject object, QString filePath, QString keyPath)
    : m_object(std::move(object))
    , m_filePath(std::move(filePath))
    , m_keyPath(std::move(keyPath))
{ }

QString JsonFields::keyPath(const QString &key) const
{
    return m_keyPath.isEmpty() ? key : m_keyPath + QLatin1Char('.') + key;
}

void JsonFields::fail(const QString &key, const QString &problem) const
{
    throw DataError(m_filePath, QStringLiteral("%1 %2").arg(keyPath(key), problem));
}

int JsonFields::integer(const QString &key, int fallback, int minimum, int maximum) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || d != std::floor(d) || d < minimum || d > maximum)
        fail(key, QStringLiteral("must be an integer%1 (got %2)").arg(range(minimum, maximum), describe(v)));
    return int(d);
}

double JsonFields::number(const QString &key, double fallback, double minimum, double maximum) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || !std::isfinite(d) || d < minimum || d > maximum)
        fail(key, QStringLiteral("must be a number%1 (got %2)").arg(range(minimum, maximum), describe(v)));
    return d;
}

bool JsonFields::boolean(const QString &key, bool fallback) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isBool())
        fail(key, QStringLiteral("must be true or false (got %1)").arg(describe(v)));
    return v.toBool();
}

QString JsonFields::string(const QString &key, const QString &fallback) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isString())
        fail(key, QStringLiteral("must be a string (got %1)").arg(describe(v)));
    return v.toString();
}

QString JsonFields::requiredString(const QString &key) const
{
    const QString value = string(key, QString());
    if (value.isEmpty())
        fail(key, QStringLiteral("is required"));
    return value;
}

QString JsonFields::choice(const QString &key, const QString &fallback, const QStringList &allowed) const
{
    const QString value = string(key, fallback);
    for (const QString &a : allowed)
        if (a.compare(value, Qt::CaseInsensitive) == 0)
            return a;
    fail(key,
         QStringLiteral("must be one of %1 (got \"%2\")").arg(allowed.join(QStringLiteral(", ")), value));
}

std::vector<int> JsonFields::integers(const QString &key, const std::vector<int> &fallback, int minimum,
                                      int maximum) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isArray())
        fail(key, QStringLiteral("must be an array of integers (got %1)").arg(describe(v)));
    std::vector<int> values;
    const QJsonArray array = v.toArray();
    for (int i = 0; i < array.size(); ++i) {
        const double d = array.at(i).toDouble(std::nan(""));
        // Checked before the conversion: a double beyond int's range has no int (undefined behaviour).
        if (!array.at(i).isDouble() || d != std::floor(d) || d < minimum || d > maximum)
            fail(QStringLiteral("%1[%2]").arg(key).arg(i),
                 QStringLiteral("must be an integer%1 (got %2)")
                     .arg(range(minimum, maximum), describe(array.at(i))));
        values.push_back(int(d));
    }
    return values;
}

QStringList JsonFields::strings(const QString &key, const QStringList &fallback) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isArray())
        fail(key, QStringLiteral("must be an array of strings (got %1)").arg(describe(v)));
    QStringList values;
    const QJsonArray array = v.toArray();
    for (int i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString())
            fail(QStringLiteral("%1[%2]").arg(key).arg(i),
                 QStringLiteral("must be a string (got %1)").arg(describe(array.at(i))));
        values << array.at(i).toString();
    }
    return values;
}

JsonFields JsonFields::object(const QString &key) const
{
    const QJsonValue v = m_object.value(key);
    if (!v.isUndefined() && !v.isNull() && !v.isObject())
        fail(key, QStringLiteral("must be an object (got %1)").arg(describe(v)));
    return JsonFields(v.toObject(), m_filePath, keyPath(key));
}

std::vector<JsonFields> JsonFields::objects(const QString &key) const
{
    const QJsonValue v = m_object.value(key);
    std::vector<JsonFields> result;
    if (v.isUndefined() || v.isNull())
        return result;
    if (!v.isArray())
        fail(key, QStringLiteral("must be an array of objects (got %1)").arg(describe(v)));
    const QJsonArray array = v.toArray();
    for (int i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject())
            fail(QStringLiteral("%1[%2]").arg(key).arg(i),
                 QStringLiteral("must be an object (got %1)").arg(describe(array.at(i))));
        result.emplace_back(array.at(i).toObject(), m_filePath,
                            QStringLiteral("%1[%2]").arg(keyPath(key)).arg(i));
    }
    return result;
}

} // namespace deepterra
