#include "labels/classtable.h"

#include "common/dataerror.h"
#include "labels/rasterclassreader.h"

#include <QJsonObject>
#include <QJsonValue>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

namespace deepterra {

namespace {

ColorEntry rgb(std::uint32_t hex)
{
    ColorEntry c;
    c.red = std::uint8_t((hex >> 16) & 0xff);
    c.green = std::uint8_t((hex >> 8) & 0xff);
    c.blue = std::uint8_t(hex & 0xff);
    return c;
}

ColorEntry fromHsv(double hueDegrees, double saturation, double value)
{
    const double c = value * saturation;
    const double h = std::fmod(hueDegrees, 360.0) / 60.0;
    const double x = c * (1.0 - std::abs(std::fmod(h, 2.0) - 1.0));
    double r = 0, g = 0, b = 0;
    if (h < 1)
        r = c, g = x;
    else if (h < 2)
        r = x, g = c;
    else if (h < 3)
        g = c, b = x;
    else if (h < 4)
        g = x, b = c;
    else if (h < 5)
        r = x, b = c;
    else
        r = c, b = x;
    const double m = value - c;
    ColorEntry color;
    color.red = std::uint8_t(std::lround((r + m) * 255.0));
    color.green = std::uint8_t(std::lround((g + m) * 255.0));
    color.blue = std::uint8_t(std::lround((b + m) * 255.0));
    return color;
}

} // namespace

int ClassTable::indexOfValue(int value) const
{
    const auto it = std::lower_bound(entries.begin(), entries.end(), value,
                                     [](const ClassEntry &e, int v) { return e.value < v; });
    if (it == entries.end() || it->value != value)
        return -1;
    return int(it - entries.begin());
}

const ClassEntry *ClassTable::findValue(int value) const
{
    const int index = indexOfValue(value);
    return index < 0 ? nullptr : &entries[std::size_t(index)];
}

ClassTable ClassTable::fromRasterBand(const QString &path, int band)
{
    return RasterClassReader::read(path, band);
}

ClassTable ClassTable::fromValues(const std::vector<int> &values)
{
    const std::set<int> distinct(values.begin(), values.end());
    ClassTable table;
    for (int value : distinct) {
        ClassEntry entry;
        entry.value = value;
        entry.name = defaultName(value);
        entry.color = defaultColor(table.size());
        entry.color.value = value;
        table.entries.push_back(entry);
    }
    return table;
}

ClassTable ClassTable::fromNames(const QStringList &names)
{
    std::set<QString> distinct;
    for (const QString &name : names)
        if (!name.trimmed().isEmpty())
            distinct.insert(name.trimmed());
    ClassTable table;
    for (const QString &name : distinct) {
        ClassEntry entry;
        entry.value = table.size() + 1;
        entry.name = name;
        entry.color = defaultColor(table.size());
        entry.color.value = entry.value;
        table.entries.push_back(entry);
    }
    return table;
}

ColorEntry ClassTable::defaultColor(int index)
{
    // Kelly (1965), "Twenty-two colors of maximum contrast", without white and black.
    static const std::array<std::uint32_t, 20> kelly
        = { 0xF3C300, 0x875692, 0xF38400, 0xA1CAF1, 0xBE0032, 0xC2B280, 0x848482,
            0x008856, 0xE68FAC, 0x0067A5, 0xF99379, 0x604E97, 0xF6A600, 0xB3446C,
            0xDCD300, 0x882D17, 0x8DB600, 0x654522, 0xE25822, 0x2B3D26 };
    index = std::max(index, 0);
    ColorEntry color;
    if (std::size_t(index) < kelly.size()) {
        color = rgb(kelly[std::size_t(index)]);
    } else {
        // The golden angle never repeats a hue; cycling value and saturation separates hues that
        // come close after many steps.
        const int step = index - int(kelly.size());
        const double hue = std::fmod(step * 137.50776405, 360.0);
        const double value = 0.95 - 0.2 * (step % 3);
        const double saturation = 0.85 - 0.25 * ((step / 3) % 2);
        color = fromHsv(hue, saturation, value);
    }
    color.value = index;
    return color;
}

QString ClassTable::defaultName(int value)
{
    return QStringLiteral("class %1").arg(value);
}

QJsonArray ClassTable::toJson() const
{
    QJsonArray array;
    for (const ClassEntry &entry : entries) {
        ColorEntry opaque = entry.color;
        opaque.alpha = 255;
        array.append(QJsonObject { { QStringLiteral("value"), entry.value },
                                   { QStringLiteral("name"), entry.name },
                                   { QStringLiteral("color"), opaque.hexName() } });
    }
    return array;
}

ClassTable ClassTable::fromJson(const QJsonArray &array)
{
    std::vector<std::pair<ClassEntry, QString>> parsed; // the colour is resolved once the index is known
    std::set<int> seen;
    for (int i = 0; i < array.size(); ++i) {
        const QJsonObject object = array.at(i).toObject();
        const QJsonValue value = object.value(QStringLiteral("value"));
        const double number = value.toDouble(std::nan(""));
        if (!value.isDouble() || number != std::floor(number) || std::abs(number) > 2147483647.0)
            throw DataError(QString(),
                            QStringLiteral("class table entry %1 has no integer value").arg(i + 1));
        ClassEntry entry;
        entry.value = int(number);
        if (!seen.insert(entry.value).second)
            throw DataError(QString(),
                            QStringLiteral("class table gives value %1 more than once").arg(entry.value));
        entry.name = object.value(QStringLiteral("name")).toString();
        if (entry.name.isEmpty())
            entry.name = defaultName(entry.value);
        parsed.emplace_back(entry, object.value(QStringLiteral("color")).toString());
    }
    std::sort(parsed.begin(), parsed.end(),
              [](const auto &a, const auto &b) { return a.first.value < b.first.value; });
    ClassTable table;
    for (auto &[entry, hex] : parsed) {
        entry.color = defaultColor(table.size());
        ColorEntry::parseHex(hex, entry.color);
        entry.color.value = entry.value;
        table.entries.push_back(entry);
    }
    return table;
}

} // namespace deepterra
