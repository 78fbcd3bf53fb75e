#include "inspect/infotextformatter.h"

#include <QJsonArray>
#include <QStringList>
#include <QTextStream>

namespace deepterra {

namespace {

QString num(const QJsonValue &v, int precision = 6)
{
    if (v.isString())
        return v.toString();
    if (!v.isDouble())
        return QStringLiteral("-");
    return QString::number(v.toDouble(), 'g', precision);
}

QString extentText(const QJsonObject &e)
{
    return QStringLiteral("%1, %2 : %3, %4")
        .arg(num(e.value(QStringLiteral("minX")), 12), num(e.value(QStringLiteral("minY")), 12),
             num(e.value(QStringLiteral("maxX")), 12), num(e.value(QStringLiteral("maxY")), 12));
}

QString crsText(const QJsonObject &crs)
{
    if (crs.isEmpty())
        return QStringLiteral("none");
    const QString authority = crs.value(QStringLiteral("authority")).toString();
    const QString name = crs.value(QStringLiteral("name")).toString();
    return authority.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, authority);
}

void writeStatistics(QTextStream &out, const QJsonObject &s)
{
    out << "    statistics" << (s.value(QStringLiteral("approximate")).toBool() ? " (approximate)" : "")
        << ": min " << num(s.value(QStringLiteral("min"))) << ", max " << num(s.value(QStringLiteral("max")))
        << ", mean " << num(s.value(QStringLiteral("mean"))) << ", std "
        << num(s.value(QStringLiteral("std"))) << ", valid " << num(s.value(QStringLiteral("validCount")), 15)
        << "/" << num(s.value(QStringLiteral("pixelCount")), 15) << "\n";
    const QJsonObject p = s.value(QStringLiteral("percentiles")).toObject();
    if (!p.isEmpty()) {
        QStringList parts;
        for (auto it = p.begin(); it != p.end(); ++it)
            parts << QStringLiteral("%1 %2").arg(it.key(), num(it.value()));
        out << "    percentiles: " << parts.join(QStringLiteral(", ")) << "\n";
    }
}

void writeRaster(QTextStream &out, const QJsonObject &r)
{
    out << "Driver: " << r.value(QStringLiteral("driver")).toString() << " ("
        << r.value(QStringLiteral("driverLongName")).toString() << ")\n";
    out << "Size: " << r.value(QStringLiteral("width")).toInt() << " x "
        << r.value(QStringLiteral("height")).toInt() << " pixels, "
        << r.value(QStringLiteral("bandCount")).toInt() << " band(s)\n";
    out << "CRS: " << crsText(r.value(QStringLiteral("crs")).toObject()) << "\n";
    if (r.contains(QStringLiteral("pixelSize"))) {
        const QJsonArray ps = r.value(QStringLiteral("pixelSize")).toArray();
        out << "Pixel size: " << num(ps.at(0), 12) << " x " << num(ps.at(1), 12) << "\n";
        out << "Extent: " << extentText(r.value(QStringLiteral("extent")).toObject()) << "\n";
    } else {
        out << "Georeferencing: none\n";
    }
    for (const QJsonValue &bv : r.value(QStringLiteral("bands")).toArray()) {
        const QJsonObject b = bv.toObject();
        out << "Band " << b.value(QStringLiteral("index")).toInt() << ": "
            << b.value(QStringLiteral("dataType")).toString();
        const QString description = b.value(QStringLiteral("description")).toString();
        if (!description.isEmpty())
            out << ", \"" << description << "\"";
        out << ", NoData "
            << (b.value(QStringLiteral("noData")).isNull() ? QStringLiteral("none")
                                                           : num(b.value(QStringLiteral("noData"))));
        out << ", " << b.value(QStringLiteral("colorInterpretation")).toString();
        if (b.value(QStringLiteral("overviews")).toInt() > 0)
            out << ", " << b.value(QStringLiteral("overviews")).toInt() << " overview(s)";
        if (b.contains(QStringLiteral("unit")))
            out << ", unit " << b.value(QStringLiteral("unit")).toString();
        if (b.contains(QStringLiteral("colorTableEntries")))
            out << ", colour table (" << b.value(QStringLiteral("colorTableEntries")).toInt() << " entries)";
        if (b.contains(QStringLiteral("attributeTable")))
            out << ", attribute table ("
                << b.value(QStringLiteral("attributeTable")).toObject().value(QStringLiteral("rows")).toInt()
                << " rows)";
        out << "\n";
        if (b.contains(QStringLiteral("statistics")))
            writeStatistics(out, b.value(QStringLiteral("statistics")).toObject());
    }
    const QJsonArray subdatasets = r.value(QStringLiteral("subdatasets")).toArray();
    for (const QJsonValue &s : subdatasets)
        out << "Subdataset: " << s.toString() << "\n";
}

void writeVector(QTextStream &out, const QJsonObject &v)
{
    for (const QJsonValue &lv : v.value(QStringLiteral("layers")).toArray()) {
        const QJsonObject l = lv.toObject();
        out << "Layer \"" << l.value(QStringLiteral("name")).toString()
            << "\": " << l.value(QStringLiteral("geometryType")).toString() << ", "
            << num(l.value(QStringLiteral("featureCount")), 15) << " feature(s)\n";
        out << "  CRS: " << crsText(l.value(QStringLiteral("crs")).toObject()) << "\n";
        if (l.contains(QStringLiteral("extent")))
            out << "  Extent: " << extentText(l.value(QStringLiteral("extent")).toObject()) << "\n";
        QStringList fields;
        for (const QJsonValue &f : l.value(QStringLiteral("fields")).toArray())
            fields << f.toString();
        out << "  Fields: " << (fields.isEmpty() ? QStringLiteral("none") : fields.join(QStringLiteral(", ")))
            << "\n";
    }
}

void writeNetCdf(QTextStream &out, const QJsonObject &n)
{
    for (const QJsonValue &vv : n.value(QStringLiteral("variables")).toArray()) {
        const QJsonObject v = vv.toObject();
        QStringList dims;
        for (const QJsonValue &d : v.value(QStringLiteral("dimensions")).toArray())
            dims << d.toString();
        out << "Variable " << v.value(QStringLiteral("name")).toString() << "("
            << dims.join(QStringLiteral(", ")) << ")";
        const QString units = v.value(QStringLiteral("units")).toString();
        if (!units.isEmpty())
            out << " [" << units << "]";
        const QString longName = v.value(QStringLiteral("longName")).toString();
        if (!longName.isEmpty())
            out << ": " << longName;
        out << "\n  Grid: " << v.value(QStringLiteral("width")).toInt() << " x "
            << v.value(QStringLiteral("height")).toInt();
        if (v.contains(QStringLiteral("crs")))
            out << ", CRS " << crsText(v.value(QStringLiteral("crs")).toObject());
        out << "\n";
        if (v.contains(QStringLiteral("extent")))
            out << "  Extent: " << extentText(v.value(QStringLiteral("extent")).toObject()) << "\n";
        if (v.value(QStringLiteral("hasTimeAxis")).toBool()) {
            const QJsonObject range = v.value(QStringLiteral("timeRange")).toObject();
            out << "  Time: " << v.value(QStringLiteral("timeSteps")).toInt() << " step(s), "
                << range.value(QStringLiteral("first")).toString() << " to "
                << range.value(QStringLiteral("last")).toString() << "\n";
        } else {
            out << "  Time: no time axis\n";
        }
    }
}

void writeTable(QTextStream &out, const QJsonObject &t)
{
    const QJsonObject range = t.value(QStringLiteral("dateRange")).toObject();
    out << "Rows: " << t.value(QStringLiteral("rows")).toInt() << "\n";
    out << "Dates: " << range.value(QStringLiteral("first")).toString() << " to "
        << range.value(QStringLiteral("last")).toString() << "\n";
    out << "Frequency: " << t.value(QStringLiteral("frequency")).toString() << "\n";
    const QJsonObject gaps = t.value(QStringLiteral("gaps")).toObject();
    out << "Gaps: " << gaps.value(QStringLiteral("gapCount")).toInt() << " gap(s), "
        << gaps.value(QStringLiteral("missingTimestamps")).toInt() << " missing timestamp(s) of "
        << gaps.value(QStringLiteral("expectedRows")).toInt() << " expected\n";
    for (const QJsonValue &cv : t.value(QStringLiteral("columns")).toArray()) {
        const QJsonObject c = cv.toObject();
        out << "Column " << c.value(QStringLiteral("name")).toString() << ": "
            << c.value(QStringLiteral("missing")).toInt() << " missing value(s)";
        if (c.contains(QStringLiteral("mean")))
            out << ", min " << num(c.value(QStringLiteral("min"))) << ", max "
                << num(c.value(QStringLiteral("max"))) << ", mean " << num(c.value(QStringLiteral("mean")));
        out << "\n";
    }
}

} // namespace

QString InfoTextFormatter::format(const QJsonObject &report)
{
    QString text;
    QTextStream out(&text);
    out << "File: " << report.value(QStringLiteral("path")).toString() << "\n";
    out << "Kind: " << report.value(QStringLiteral("kind")).toString() << "\n";
    if (report.contains(QStringLiteral("raster")))
        writeRaster(out, report.value(QStringLiteral("raster")).toObject());
    if (report.contains(QStringLiteral("vector")))
        writeVector(out, report.value(QStringLiteral("vector")).toObject());
    if (report.contains(QStringLiteral("netcdf")))
        writeNetCdf(out, report.value(QStringLiteral("netcdf")).toObject());
    if (report.contains(QStringLiteral("table")))
        writeTable(out, report.value(QStringLiteral("table")).toObject());
    out.flush();
    return text;
}

} // namespace deepterra
