#include "labels/rasterclassreader.h"

#include "common/dataerror.h"
#include "geodata/gdalerrorscope.h"
#include "geodata/rasterdataset.h"
#include "geodata/rasterstrips.h"

#include <gdal.h>
#include <gdal_rat.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_set>

namespace deepterra {

namespace {

// Which columns of a raster attribute table hold what; -1 where none does.
struct AttributeColumns
{
    int value = -1;
    int minimum = -1;
    int maximum = -1;
    int name = -1;
    int red = -1;
    int green = -1;
    int blue = -1;
};

QString columnName(GDALRasterAttributeTableH rat, int column)
{
    return QString::fromUtf8(GDALRATGetNameOfCol(rat, column));
}

int findColumnByUsage(GDALRasterAttributeTableH rat, GDALRATFieldUsage usage)
{
    for (int c = 0; c < GDALRATGetColumnCount(rat); ++c)
        if (GDALRATGetUsageOfCol(rat, c) == usage)
            return c;
    return -1;
}

int findColumnByName(GDALRasterAttributeTableH rat, const QStringList &names, bool wantString)
{
    for (const QString &wanted : names)
        for (int c = 0; c < GDALRATGetColumnCount(rat); ++c) {
            const bool isString = GDALRATGetTypeOfCol(rat, c) == GFT_String;
            if (isString == wantString && columnName(rat, c).compare(wanted, Qt::CaseInsensitive) == 0)
                return c;
        }
    return -1;
}

AttributeColumns findColumns(GDALRasterAttributeTableH rat)
{
    AttributeColumns columns;
    columns.value = findColumnByUsage(rat, GFU_MinMax);
    if (columns.value < 0) {
        columns.minimum = findColumnByUsage(rat, GFU_Min);
        columns.maximum = findColumnByUsage(rat, GFU_Max);
    }
    if (columns.value < 0 && columns.minimum < 0)
        columns.value = findColumnByName(rat,
                                         { QStringLiteral("value"), QStringLiteral("class_value"),
                                           QStringLiteral("classvalue"), QStringLiteral("class_id"),
                                           QStringLiteral("classid"), QStringLiteral("code"),
                                           QStringLiteral("class"), QStringLiteral("id") },
                                         false);

    columns.name = findColumnByUsage(rat, GFU_Name);
    if (columns.name >= 0 && GDALRATGetTypeOfCol(rat, columns.name) != GFT_String)
        columns.name = -1;
    if (columns.name < 0)
        columns.name = findColumnByName(rat,
                                        { QStringLiteral("name"), QStringLiteral("class_name"),
                                          QStringLiteral("classname"), QStringLiteral("class"),
                                          QStringLiteral("label"), QStringLiteral("category"),
                                          QStringLiteral("description") },
                                        true);
    // Tables written by other software name the column after what it classifies ("Land Cover
    // Class"); any text column of such a table is a name, the first one the most likely.
    for (const char *part : { "name", "class", "label", "categor", "desc" })
        for (int c = 0; columns.name < 0 && c < GDALRATGetColumnCount(rat); ++c)
            if (GDALRATGetTypeOfCol(rat, c) == GFT_String
                && columnName(rat, c).contains(QLatin1String(part), Qt::CaseInsensitive))
                columns.name = c;
    for (int c = 0; columns.name < 0 && c < GDALRATGetColumnCount(rat); ++c)
        if (GDALRATGetTypeOfCol(rat, c) == GFT_String && GDALRATGetUsageOfCol(rat, c) == GFU_Generic)
            columns.name = c;

    columns.red = findColumnByUsage(rat, GFU_Red);
    columns.green = findColumnByUsage(rat, GFU_Green);
    columns.blue = findColumnByUsage(rat, GFU_Blue);
    if (columns.red < 0 || columns.green < 0 || columns.blue < 0) {
        columns.red = findColumnByName(rat, { QStringLiteral("red") }, false);
        columns.green = findColumnByName(rat, { QStringLiteral("green") }, false);
        columns.blue = findColumnByName(rat, { QStringLiteral("blue") }, false);
    }
    return columns;
}

bool isIntegral(double v)
{
    return std::isfinite(v) && v == std::floor(v) && std::abs(v) <= 2147483647.0;
}

// The class value of each row of the table, in row order.
std::vector<int> rowValues(const QString &path, GDALRasterAttributeTableH rat,
                           const AttributeColumns &columns)
{
    const int rows = GDALRATGetRowCount(rat);
    std::vector<int> values(std::size_t(std::max(rows, 0)));
    double row0Min = 0.0, binSize = 1.0;
    const bool linear = GDALRATGetLinearBinning(rat, &row0Min, &binSize);
    for (int row = 0; row < rows; ++row) {
        double value = row;
        if (columns.value >= 0) {
            value = GDALRATGetValueAsDouble(rat, row, columns.value);
        } else if (columns.minimum >= 0) {
            value = GDALRATGetValueAsDouble(rat, row, columns.minimum);
            const double upper
                = columns.maximum >= 0 ? GDALRATGetValueAsDouble(rat, row, columns.maximum) : value;
            if (upper != value)
                throw DataError(path,
                                QStringLiteral("the raster attribute table classifies value ranges "
                                               "(row %1 covers %2 to %3), not class values")
                                    .arg(row)
                                    .arg(value)
                                    .arg(upper));
        } else if (linear) {
            value = row0Min + row * binSize;
        }
        if (!isIntegral(value)) {
            const QString column
                = columns.value >= 0 ? columnName(rat, columns.value) : QStringLiteral("row");
            throw DataError(path,
                            QStringLiteral("the raster attribute table gives the non-integer class value "
                                           "%1 (column %2, row %3)")
                                .arg(value)
                                .arg(column)
                                .arg(row));
        }
        values[std::size_t(row)] = int(value);
    }
    return values;
}

// RAT colours are 0..255 integers, or 0..1 reals (ERDAS Imagine's convention).
double colourScale(GDALRasterAttributeTableH rat, const AttributeColumns &columns)
{
    for (int column : { columns.red, columns.green, columns.blue }) {
        if (GDALRATGetTypeOfCol(rat, column) != GFT_Real)
            return 1.0;
        for (int row = 0; row < GDALRATGetRowCount(rat); ++row)
            if (GDALRATGetValueAsDouble(rat, row, column) > 1.0)
                return 1.0;
    }
    return 255.0;
}

std::uint8_t toByte(double v)
{
    return std::uint8_t(std::clamp(std::lround(v), 0L, 255L));
}

struct BandClasses
{
    std::map<int, QString> names;
    std::map<int, ColorEntry> colors;
};

BandClasses readAttributeTable(const QString &path, GDALRasterBandH band)
{
    BandClasses classes;
    GDALRasterAttributeTableH rat = GDALGetDefaultRAT(band);
    if (!rat || GDALRATGetRowCount(rat) <= 0)
        return classes;
    const AttributeColumns columns = findColumns(rat);
    const std::vector<int> values = rowValues(path, rat, columns);
    const bool hasColours = columns.red >= 0 && columns.green >= 0 && columns.blue >= 0;
    const double scale = hasColours ? colourScale(rat, columns) : 1.0;
    for (int row = 0; row < int(values.size()); ++row) {
        const int value = values[std::size_t(row)];
        if (columns.name >= 0) {
            const QString name = QString::fromUtf8(GDALRATGetValueAsString(rat, row, columns.name)).trimmed();
            if (!name.isEmpty())
                classes.names.emplace(value, name);
        }
        if (hasColours) {
            ColorEntry color;
            color.value = value;
            color.red = toByte(GDALRATGetValueAsDouble(rat, row, columns.red) * scale);
            color.green = toByte(GDALRATGetValueAsDouble(rat, row, columns.green) * scale);
            color.blue = toByte(GDALRATGetValueAsDouble(rat, row, columns.blue) * scale);
            classes.colors.emplace(value, color);
        }
    }
    return classes;
}

// The band's category names (a GeoTIFF's .aux.xml, ENVI's class names): name i is value i's;
// an empty name leaves its value unnamed. GDAL 3.6's GeoTIFF loads them with the attribute
// table, which readAttributeTable asks for first.
void addCategoryNames(GDALRasterBandH band, std::map<int, QString> &names)
{
    char **categories = GDALGetRasterCategoryNames(band);
    for (int i = 0; categories && categories[i]; ++i) {
        const QString name = QString::fromUtf8(categories[i]).trimmed();
        if (!name.isEmpty())
            names.emplace(i, name); // the attribute table's name, when there is one, wins
    }
}

void addColourTable(GDALRasterBandH band, std::map<int, ColorEntry> &colors)
{
    GDALColorTableH table = GDALGetRasterColorTable(band);
    if (!table)
        return;
    for (int i = 0; i < GDALGetColorEntryCount(table); ++i) {
        GDALColorEntry rgba;
        GDALGetColorEntryAsRGB(table, i, &rgba);
        ColorEntry color;
        color.value = i;
        color.red = std::uint8_t(rgba.c1);
        color.green = std::uint8_t(rgba.c2);
        color.blue = std::uint8_t(rgba.c3);
        colors.emplace(i, color); // the attribute table's colour, when there is one, wins
    }
}

} // namespace

std::vector<int> RasterClassReader::distinctValues(const RasterDataset &dataset, int band)
{
    std::unordered_set<int> distinct;
    RasterStrips::forEach(dataset, band, nullptr, [&](const RasterBuffer &buffer, int) {
        bool haveLast = false;
        float last = 0.0f;
        for (std::size_t i = 0; i < buffer.values.size(); ++i) {
            if (!buffer.valid[i])
                continue;
            const float v = buffer.values[i];
            if (haveLast && v == last)
                continue;
            if (!isIntegral(v))
                throw DataError(dataset.path(),
                                QStringLiteral("band %1 holds non-integer values (such as %2): "
                                               "a class raster holds integer class values")
                                    .arg(band)
                                    .arg(double(v)));
            distinct.insert(int(v));
            if (distinct.size() > std::size_t(ClassTable::kMaxDistinctValues))
                throw DataError(
                    dataset.path(),
                    QStringLiteral("band %1 holds more than %2 distinct values: it does not look like "
                                   "a class raster")
                        .arg(band)
                        .arg(ClassTable::kMaxDistinctValues));
            haveLast = true;
            last = v;
        }
    });
    std::vector<int> values(distinct.begin(), distinct.end());
    std::sort(values.begin(), values.end());
    return values;
}

ClassTable RasterClassReader::read(const QString &path, int band)
{
    const RasterDataset dataset = RasterDataset::open(path);
    if (band < 1 || band > dataset.bandCount())
        throw DataError(path,
                        QStringLiteral("band %1 requested, but the raster has %2 band(s)")
                            .arg(band)
                            .arg(dataset.bandCount()));
    GdalErrorScope errors;
    GDALRasterBandH handle = GDALGetRasterBand(static_cast<GDALDatasetH>(dataset.gdalHandle()), band);
    BandClasses classes = readAttributeTable(path, handle);
    if (classes.names.empty())
        addCategoryNames(handle, classes.names);
    addColourTable(handle, classes.colors);

    std::vector<int> values;
    if (!classes.names.empty()) {
        for (const auto &named : classes.names)
            values.push_back(named.first);
    } else {
        values = distinctValues(dataset, band);
        if (values.empty())
            throw DataError(path,
                            QStringLiteral("band %1 holds no class values: every pixel is NoData").arg(band));
    }

    ClassTable table;
    for (int value : values) {
        ClassEntry entry;
        entry.value = value;
        const auto name = classes.names.find(value);
        entry.name = name != classes.names.end() ? name->second : ClassTable::defaultName(value);
        const auto color = classes.colors.find(value);
        entry.color = color != classes.colors.end() ? color->second : ClassTable::defaultColor(table.size());
        entry.color.value = value;
        entry.color.alpha = 255;
        table.entries.push_back(entry);
    }
    return table;
}

} // namespace deepterra
