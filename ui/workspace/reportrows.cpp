#include "workspace/reportrows.h"

#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QLocale>
#include <QObject>
#include <QSet>

#include <cmath>

namespace deepterra {

namespace {

const QString kTimes = QStringLiteral(" × ");
const QString kThrough = QStringLiteral(" … ");

// Nine significant digits: centimetres in UTM coordinates, 28.4999999993 as 28.5.
QString numberText(double value)
{
    if (std::isfinite(value) && value == std::floor(value) && std::abs(value) < 1e15)
        return QString::number(static_cast<qint64>(value));
    return QString::number(value, 'g', 9);
}

QString exactText(double value)
{
    return QString::number(value, 'g', 17);
}

QString scalarText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? QObject::tr("yes") : QObject::tr("no");
    case QJsonValue::Double:
        return numberText(value.toDouble());
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Null:
        return QObject::tr("none");
    default:
        return {};
    }
}

QString labelFor(const QString &key)
{
    static const QHash<QString, QString> labels {
        { QStringLiteral("approximate"), QObject::tr("Approximate") },
        { QStringLiteral("attributeTable"), QObject::tr("Attribute table") },
        { QStringLiteral("block"), QObject::tr("Block size") },
        { QStringLiteral("colorInterpretation"), QObject::tr("Colour") },
        { QStringLiteral("colorTableEntries"), QObject::tr("Colour table entries") },
        { QStringLiteral("dataType"), QObject::tr("Data type") },
        { QStringLiteral("expectedRows"), QObject::tr("Expected rows") },
        { QStringLiteral("featureCount"), QObject::tr("Features") },
        { QStringLiteral("gapCount"), QObject::tr("Gaps") },
        { QStringLiteral("geometryType"), QObject::tr("Geometry") },
        { QStringLiteral("hasTimeAxis"), QObject::tr("Time axis") },
        { QStringLiteral("longName"), QObject::tr("Long name") },
        { QStringLiteral("max"), QObject::tr("Maximum") },
        { QStringLiteral("mean"), QObject::tr("Mean") },
        { QStringLiteral("min"), QObject::tr("Minimum") },
        { QStringLiteral("missing"), QObject::tr("Missing values") },
        { QStringLiteral("missingTimestamps"), QObject::tr("Missing time steps") },
        { QStringLiteral("nan"), QObject::tr("NaN values") },
        { QStringLiteral("noData"), QObject::tr("NoData") },
        { QStringLiteral("pixelCount"), QObject::tr("Pixels") },
        { QStringLiteral("std"), QObject::tr("Standard deviation") },
        { QStringLiteral("timeSteps"), QObject::tr("Time steps") },
        { QStringLiteral("unit"), QObject::tr("Unit") },
        { QStringLiteral("units"), QObject::tr("Unit") },
        { QStringLiteral("validCount"), QObject::tr("Valid pixels") },
    };
    const auto known = labels.constFind(key);
    if (known != labels.constEnd())
        return *known;
    // A key added to the report later still reads as words: "missingSteps" -> "Missing steps".
    QString words;
    for (const QChar c : key) {
        if (c.isUpper() && !words.isEmpty())
            words += QLatin1Char(' ') + c.toLower();
        else
            words += c;
    }
    if (!words.isEmpty())
        words[0] = words[0].toUpper();
    return words;
}

QString dateText(const QString &iso)
{
    if (iso.endsWith(QLatin1String("T00:00:00Z")))
        return iso.left(10);
    QString text = iso;
    text.replace(QLatin1Char('T'), QLatin1Char(' '));
    if (text.endsWith(QLatin1Char('Z')))
        text = text.left(text.size() - 1) + QStringLiteral(" UTC");
    return text;
}

// The unit of the coordinates: degrees for a geographic CRS, else the unit of its axes.
QString coordinateUnit(const QJsonObject &crs)
{
    if (crs.value(QStringLiteral("geographic")).toBool())
        return QStringLiteral("°");
    const QString wkt = crs.value(QStringLiteral("wkt")).toString();
    const int axis = wkt.lastIndexOf(QLatin1String("AXIS["));
    if (axis < 0)
        return {};
    const QString axes = wkt.mid(axis);
    if (axes.contains(QLatin1String("LENGTHUNIT[\"metre\"")))
        return QStringLiteral("m");
    if (axes.contains(QLatin1String("LENGTHUNIT[\"US survey foot\"")))
        return QObject::tr("US ft");
    if (axes.contains(QLatin1String("LENGTHUNIT[\"foot\"")))
        return QObject::tr("ft");
    return {};
}

// "28.5 × 28.5 m", "0.125° × 0.125°".
QString pairWithUnit(const QString &x, const QString &y, const QString &unit)
{
    if (unit == QStringLiteral("°"))
        return x + unit + kTimes + y + unit;
    if (unit.isEmpty())
        return x + kTimes + y;
    return x + kTimes + y + QLatin1Char(' ') + unit;
}

class RowBuilder
{
public:
    explicit RowBuilder(const QJsonObject &object, const QString &inheritedUnit)
        : m_object(object)
        , m_unit(object.value(QStringLiteral("crs")).isObject()
                     ? coordinateUnit(object.value(QStringLiteral("crs")).toObject())
                     : inheritedUnit)
    { }

    std::vector<ReportRow> rows()
    {
        format();
        size();
        coordinateSystem();
        pixelSize();
        extent();
        bands();
        range(QStringLiteral("dateRange"), QObject::tr("Dates"));
        range(QStringLiteral("timeRange"), QObject::tr("Time range"));
        namedList(QStringLiteral("layers"), QObject::tr("Layers"), &RowBuilder::layerSummary);
        namedList(QStringLiteral("variables"), QObject::tr("Variables"), &RowBuilder::variableSummary);
        namedList(QStringLiteral("columns"), QObject::tr("Columns"), &RowBuilder::columnSummary);
        for (auto it = m_object.begin(); it != m_object.end(); ++it)
            if (!m_used.contains(it.key()) && it.key() != QLatin1String("geoTransform"))
                m_rows.push_back(genericRow(it.key(), it.value(), m_unit));
        geoTransform();
        return std::move(m_rows);
    }

    static ReportRow genericRow(const QString &key, const QJsonValue &value, const QString &unit)
    {
        ReportRow row { labelFor(key), {}, {}, {} };
        if (value.isObject()) {
            const QJsonObject object = value.toObject();
            if (object.contains(QStringLiteral("first")) && object.contains(QStringLiteral("last")))
                row.value = dateText(object.value(QStringLiteral("first")).toString()) + kThrough
                    + dateText(object.value(QStringLiteral("last")).toString());
            else
                row.children = RowBuilder(object, unit).rows();
            return row;
        }
        if (value.isArray()) {
            const QJsonArray array = value.toArray();
            if (isShortScalarArray(array)) {
                QStringList parts;
                for (const QJsonValue &v : array)
                    parts << scalarText(v);
                row.value = parts.join(key == QLatin1String("block") ? kTimes : QStringLiteral(", "));
                return row;
            }
            for (int i = 0; i < array.size(); ++i) {
                const QJsonValue element = array.at(i);
                const QJsonObject object = element.toObject();
                ReportRow child = genericRow(QString(), element, unit);
                child.label = object.contains(QStringLiteral("name"))
                    ? object.value(QStringLiteral("name")).toString()
                    : QString::number(i + 1);
                row.children.push_back(std::move(child));
            }
            row.value = QString::number(array.size());
            return row;
        }
        row.value = scalarText(value);
        if (value.isDouble() && row.value != exactText(value.toDouble()))
            row.toolTip = exactText(value.toDouble());
        return row;
    }

private:
    static bool isShortScalarArray(const QJsonArray &array)
    {
        if (array.size() > 8)
            return false;
        for (const QJsonValue &v : array)
            if (v.isArray() || v.isObject())
                return false;
        return true;
    }

    bool has(const QString &key) const { return m_object.contains(key); }
    QJsonValue take(const QString &key)
    {
        m_used.insert(key);
        return m_object.value(key);
    }

    void format()
    {
        if (!has(QStringLiteral("driver")) && !has(QStringLiteral("driverLongName")))
            return;
        const QString driver = take(QStringLiteral("driver")).toString();
        const QString longName = take(QStringLiteral("driverLongName")).toString();
        m_rows.push_back({ QObject::tr("Format"),
                           longName.isEmpty() || longName == driver ? driver
                               : driver.isEmpty()                   ? longName
                                                  : QStringLiteral("%1 (%2)").arg(longName, driver),
                           {},
                           {} });
    }

    void size()
    {
        if (!has(QStringLiteral("width")))
            return;
        const qint64 width = take(QStringLiteral("width")).toVariant().toLongLong();
        const qint64 height = take(QStringLiteral("height")).toVariant().toLongLong();
        // A one-dimensional NetCDF variable reports its length as width and no height.
        m_rows.push_back({ QObject::tr("Size"),
                           height > 0 ? QObject::tr("%1 × %2 pixels").arg(width).arg(height)
                                      : QObject::tr("%1 values").arg(width),
                           {},
                           {} });
    }

    void bands()
    {
        if (!has(QStringLiteral("bands")) && !has(QStringLiteral("bandCount")))
            return;
        const QJsonArray bands = take(QStringLiteral("bands")).toArray();
        const QJsonValue count = take(QStringLiteral("bandCount"));
        ReportRow row {
            QObject::tr("Bands"), QString::number(count.isDouble() ? count.toInt() : bands.size()), {}, {}
        };
        for (int i = 0; i < bands.size(); ++i)
            row.children.push_back(bandRow(bands.at(i).toObject(), i + 1));
        row.open = true;
        m_rows.push_back(std::move(row));
    }

    ReportRow bandRow(const QJsonObject &band, int position) const
    {
        const int index = band.value(QStringLiteral("index")).toInt(position);
        const QString description = band.value(QStringLiteral("description")).toString();
        ReportRow row { description.isEmpty() ? QObject::tr("Band %1").arg(index)
                                              : QObject::tr("Band %1 · %2").arg(index).arg(description),
                        {},
                        {},
                        {} };
        QStringList summary;
        if (band.contains(QStringLiteral("dataType")))
            summary << band.value(QStringLiteral("dataType")).toString();
        if (band.contains(QStringLiteral("noData")))
            summary << QObject::tr("NoData %1").arg(scalarText(band.value(QStringLiteral("noData"))));
        const QString colour = band.value(QStringLiteral("colorInterpretation")).toString();
        if (!colour.isEmpty() && colour != QLatin1String("Undefined"))
            summary << colour;
        row.value = summary.join(QStringLiteral(", "));
        QJsonObject details = band;
        details.remove(QStringLiteral("index"));
        details.remove(QStringLiteral("description"));
        row.children = RowBuilder(details, m_unit).rows();
        return row;
    }

    void coordinateSystem()
    {
        if (!has(QStringLiteral("crs")))
            return;
        const QJsonValue crs = take(QStringLiteral("crs"));
        ReportRow row { QObject::tr("Coordinate system"), QObject::tr("none (not georeferenced)"), {}, {} };
        if (crs.isObject()) {
            const QJsonObject object = crs.toObject();
            const QString name = object.value(QStringLiteral("name")).toString();
            const QString authority = object.value(QStringLiteral("authority")).toString();
            row.value = authority.isEmpty() ? name
                : name.isEmpty()            ? authority
                                            : QStringLiteral("%1 (%2)").arg(name, authority);
            const QString wkt = object.value(QStringLiteral("wkt")).toString();
            if (!wkt.isEmpty())
                row.children.push_back({ QStringLiteral("WKT"), wkt, {}, {} });
        } else if (crs.isString() && !crs.toString().isEmpty()) {
            row.value = crs.toString();
        }
        m_rows.push_back(std::move(row));
    }

    void pixelSize()
    {
        if (!has(QStringLiteral("pixelSize")))
            return;
        const QJsonArray size = take(QStringLiteral("pixelSize")).toArray();
        if (size.size() != 2)
            return;
        const double x = size.at(0).toDouble();
        const double y = size.at(1).toDouble();
        m_rows.push_back({ QObject::tr("Pixel size"),
                           pairWithUnit(numberText(x), numberText(y), m_unit),
                           exactText(x) + kTimes + exactText(y),
                           {} });
    }

    void extent()
    {
        if (!has(QStringLiteral("extent")))
            return;
        const QJsonObject e = take(QStringLiteral("extent")).toObject();
        const auto value = [&e](const char *key) { return e.value(QLatin1String(key)).toDouble(); };
        const bool degrees = m_unit == QStringLiteral("°");
        const auto span = [&](const QString &axis, const char *low, const char *high, bool exact) -> QString {
            const auto text = exact ? exactText : numberText;
            return axis + QLatin1Char(' ') + text(value(low)) + kThrough + text(value(high));
        };
        const QString x = degrees ? QObject::tr("lon") : QStringLiteral("x");
        const QString y = degrees ? QObject::tr("lat") : QStringLiteral("y");
        m_rows.push_back(
            { QObject::tr("Extent"),
              span(x, "minX", "maxX", false) + QStringLiteral(", ") + span(y, "minY", "maxY", false),
              span(x, "minX", "maxX", true) + QStringLiteral(", ") + span(y, "minY", "maxY", true),
              {} });
    }

    void range(const QString &key, const QString &label)
    {
        if (!has(key))
            return;
        ReportRow row = genericRow(key, take(key), m_unit);
        row.label = label;
        m_rows.push_back(std::move(row));
    }

    using Summary = QString (*)(const QJsonObject &);

    // A list of named things (vector layers, NetCDF variables, table columns): one line each, a
    // summary beside its name and the rest of its facts under it.
    void namedList(const QString &key, const QString &label, Summary summary)
    {
        if (!has(key))
            return;
        const QJsonArray items = take(key).toArray();
        ReportRow row { label, QString::number(items.size()), {}, {} };
        for (const QJsonValue &item : items) {
            QJsonObject object = item.toObject();
            ReportRow child { object.value(QStringLiteral("name")).toString(), summary(object), {}, {} };
            object.remove(QStringLiteral("name"));
            child.children = RowBuilder(object, m_unit).rows();
            child.open = items.size() == 1; // a GeoPackage's only layer is shown open too
            row.children.push_back(std::move(child));
        }
        row.open = true;
        m_rows.push_back(std::move(row));
    }

    static QString layerSummary(const QJsonObject &layer)
    {
        const QString geometry = layer.value(QStringLiteral("geometryType")).toString();
        const int count = layer.value(QStringLiteral("featureCount")).toInt();
        const QString features
            = count == 1 ? QObject::tr("1 feature") : QObject::tr("%1 features").arg(count);
        return geometry.isEmpty() ? features : QStringLiteral("%1, %2").arg(geometry, features);
    }

    static QString variableSummary(const QJsonObject &variable)
    {
        const QString name = variable.value(QStringLiteral("longName")).toString();
        const QString units = variable.value(QStringLiteral("units")).toString();
        if (units.isEmpty())
            return name;
        return name.isEmpty() ? units : QStringLiteral("%1 (%2)").arg(name, units);
    }

    static QString columnSummary(const QJsonObject &column)
    {
        const int missing = column.value(QStringLiteral("missing")).toInt();
        if (missing == 0)
            return QObject::tr("no missing values");
        return missing == 1 ? QObject::tr("1 missing value") : QObject::tr("%1 missing values").arg(missing);
    }

    void geoTransform()
    {
        if (!has(QStringLiteral("geoTransform")))
            return;
        QStringList parts;
        for (const QJsonValue &v : take(QStringLiteral("geoTransform")).toArray())
            parts << QString::number(v.toDouble(), 'g', 12);
        m_rows.push_back({ QObject::tr("Geotransform"), parts.join(QStringLiteral(", ")), {}, {} });
    }

    const QJsonObject m_object;
    const QString m_unit;
    QSet<QString> m_used;
    std::vector<ReportRow> m_rows;
};

QString kindLabel(const QString &kind)
{
    if (kind == QLatin1String("raster"))
        return QObject::tr("Raster");
    if (kind == QLatin1String("vector"))
        return QObject::tr("Vector");
    if (kind == QLatin1String("netcdf"))
        return QObject::tr("NetCDF");
    if (kind == QLatin1String("table"))
        return QObject::tr("Table");
    return kind;
}

} // namespace

std::vector<ReportRow> ReportRows::from(const QJsonObject &report)
{
    std::vector<ReportRow> rows;
    QSet<QString> used { QStringLiteral("path"), QStringLiteral("kind"), QStringLiteral("sizeBytes") };
    const QString path = report.value(QStringLiteral("path")).toString();
    if (!path.isEmpty())
        rows.push_back({ QObject::tr("File"), QFileInfo(path).fileName(), path, {} });
    const QString kind = report.value(QStringLiteral("kind")).toString();
    if (!kind.isEmpty())
        rows.push_back({ QObject::tr("Type"), kindLabel(kind), {}, {} });
    if (report.contains(QStringLiteral("sizeBytes"))) {
        const qint64 bytes = report.value(QStringLiteral("sizeBytes")).toVariant().toLongLong();
        rows.push_back({ QObject::tr("File size"),
                         QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat),
                         QObject::tr("%1 bytes").arg(bytes),
                         {} });
    }
    // The kind's facts are what the panel is for: at the top level, not under "raster".
    if (report.value(kind).isObject()) {
        used.insert(kind);
        for (ReportRow &row : RowBuilder(report.value(kind).toObject(), QString()).rows())
            rows.push_back(std::move(row));
    }
    for (auto it = report.begin(); it != report.end(); ++it)
        if (!used.contains(it.key()))
            rows.push_back(RowBuilder::genericRow(it.key(), it.value(), QString()));
    return rows;
}

} // namespace deepterra
