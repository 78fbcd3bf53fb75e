#include "common/dataerror.h"
#include "labels/classtable.h"
#include "testdata.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>
#include <gdal_rat.h>

#include <set>

using namespace deepterra;
using deepterra::test::dataErrorCause;

namespace {

// The cause of the DataError that `call` throws, empty when it throws none.
// A 4x3 Byte class raster: values 3, 7, 9 and NoData 0.
QString writeClassRaster(const QString &path)
{
    test::RasterSpec spec;
    spec.dataType = QStringLiteral("Byte");
    spec.hasNoData = true;
    spec.noData = 0;
    return test::writeRaster(path, spec, { 3, 7, 7, 0, 9, 9, 3, 0, 7, 7, 7, 7 });
}

} // namespace

class TestClassTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void landCoverAttributeTable();
    void bandWithoutTablesUsesValuesPresent();
    void colourTableGivesColours();
    void attributeTableWithValueAndNameColumns();
    void categoryNamesNameTheClasses();
    void realColourColumnsAreScaled();
    void nonIntegerRasterIsAnError();
    void tooManyValuesIsAnError();
    void allNoDataIsAnError();
    void missingFileAndBadBand();
    void fromValuesSortsAndNames();
    void fromNamesNumbersSortedNames();
    void defaultColoursAreDistinct();
    void indexLookup();
    void jsonRoundTrip();
    void jsonErrors();

private:
    QTemporaryDir m_dir;
};

void TestClassTable::landCoverAttributeTable()
{
    // Expected from the .aux.xml next to lc.tif (also printed by gdalinfo and by python3-gdal's
    // GetDefaultRAT()): 16 rows of the 256-row table have a "Land Cover Class" name, linear
    // binning from 0 by 1, colours in the Red/Green/Blue columns. Value 0 (2615 pixels) is unnamed.
    const ClassTable table = ClassTable::fromRasterBand(test::samplePath(QStringLiteral("tif/lc.tif")));
    QCOMPARE(table.size(), 16);
    const std::vector<int> values = { 11, 12, 21, 22, 23, 24, 31, 41, 42, 43, 52, 71, 81, 82, 90, 95 };
    for (std::size_t i = 0; i < values.size(); ++i)
        QCOMPARE(table.entries[i].value, values[i]);
    QCOMPARE(table.indexOfValue(0), -1);

    const ClassEntry *water = table.findValue(11);
    QVERIFY(water);
    QCOMPARE(water->name, QStringLiteral("Open Water"));
    QCOMPARE(water->color.hexName(), QStringLiteral("#476ba1")); // 71,107,161
    const ClassEntry *forest = table.findValue(42);
    QCOMPARE(forest->name, QStringLiteral("Evergreen Forest"));
    QCOMPARE(forest->color.hexName(), QStringLiteral("#1c6330")); // 28,99,48
    // Named but absent from this raster: still a class, with the table's colour.
    QCOMPARE(table.findValue(12)->name, QStringLiteral("Perennial Snow/Ice"));
    QCOMPARE(table.findValue(12)->color.hexName(), QStringLiteral("#d1defa")); // 209,222,250
    // Beyond the colour table's shown entries, the RAT still colours value 95: 112,163,186.
    QCOMPARE(table.findValue(95)->name, QStringLiteral("Emergent Herbaceuous Wetlands"));
    QCOMPARE(table.findValue(95)->color.hexName(), QStringLiteral("#70a3ba"));
}

void TestClassTable::bandWithoutTablesUsesValuesPresent()
{
    const QString path = writeClassRaster(m_dir.filePath(QStringLiteral("plain.tif")));
    const ClassTable table = ClassTable::fromRasterBand(path);
    QCOMPARE(table.size(), 3);
    QCOMPARE(table.entries[0].value, 3);
    QCOMPARE(table.entries[1].value, 7);
    QCOMPARE(table.entries[2].value, 9);
    QCOMPARE(table.entries[1].name, QStringLiteral("class 7"));
    QVERIFY(table.entries[0].color.sameColor(ClassTable::defaultColor(0)));
    QVERIFY(table.entries[2].color.sameColor(ClassTable::defaultColor(2)));
}

void TestClassTable::colourTableGivesColours()
{
    const QString path = writeClassRaster(m_dir.filePath(QStringLiteral("palette.tif")));
    {
        GDALDatasetH ds = GDALOpen(path.toUtf8().constData(), GA_Update);
        GDALColorTableH colors = GDALCreateColorTable(GPI_RGB);
        const GDALColorEntry red { 255, 0, 0, 255 }, teal { 0, 128, 128, 255 };
        GDALSetColorEntry(colors, 3, &red);
        GDALSetColorEntry(colors, 7, &teal);
        GDALSetRasterColorTable(GDALGetRasterBand(ds, 1), colors);
        GDALDestroyColorTable(colors);
        GDALClose(ds);
    }
    const ClassTable table = ClassTable::fromRasterBand(path);
    QCOMPARE(table.size(), 3);
    QCOMPARE(table.findValue(3)->color.hexName(), QStringLiteral("#ff0000"));
    QCOMPARE(table.findValue(7)->color.hexName(), QStringLiteral("#008080"));
    // GDAL pads the colour table to 10 entries with black for value 9: a colour table colour, not a default.
    QCOMPARE(table.findValue(9)->color.hexName(), QStringLiteral("#000000"));
    QCOMPARE(table.findValue(9)->name, QStringLiteral("class 9"));
}

// A predicted map (and ENVI's classification files) name classes by the band's category names:
// name i for value i, an empty name for a value that is no class.
void TestClassTable::categoryNamesNameTheClasses()
{
    const QString path = writeClassRaster(m_dir.filePath(QStringLiteral("categories.tif")));
    {
        GDALDatasetH ds = GDALOpen(path.toUtf8().constData(), GA_Update);
        const char *names[] = { "", "", "", "urban", "", "", "", "forest", "", "water", "unused", nullptr };
        GDALSetRasterCategoryNames(GDALGetRasterBand(ds, 1), const_cast<char **>(names));
        GDALClose(ds);
    }
    const ClassTable table = ClassTable::fromRasterBand(path);
    QCOMPARE(table.size(), 4);
    QCOMPARE(table.findValue(3)->name, QStringLiteral("urban"));
    QCOMPARE(table.findValue(9)->name, QStringLiteral("water"));
    // Named in the legend though no pixel has it: a class the map could have predicted.
    QCOMPARE(table.findValue(10)->name, QStringLiteral("unused"));
}

void TestClassTable::attributeTableWithValueAndNameColumns()
{
    const QString path = writeClassRaster(m_dir.filePath(QStringLiteral("rat.tif")));
    {
        GDALDatasetH ds = GDALOpen(path.toUtf8().constData(), GA_Update);
        GDALRasterAttributeTableH rat = GDALCreateRasterAttributeTable();
        GDALRATCreateColumn(rat, "Value", GFT_Integer, GFU_MinMax);
        GDALRATCreateColumn(rat, "Class_Name", GFT_String, GFU_Name);
        GDALRATCreateColumn(rat, "R", GFT_Integer, GFU_Red);
        GDALRATCreateColumn(rat, "G", GFT_Integer, GFU_Green);
        GDALRATCreateColumn(rat, "B", GFT_Integer, GFU_Blue);
        GDALRATSetRowCount(rat, 4);
        const int values[] = { 9, 3, 5, 7 };
        const char *names[] = { "forest", "water", "snow", "" }; // 7 occurs but is unnamed
        const int rgb[][3] = { { 0, 100, 0 }, { 0, 0, 200 }, { 250, 250, 250 }, { 1, 2, 3 } };
        for (int row = 0; row < 4; ++row) {
            GDALRATSetValueAsInt(rat, row, 0, values[row]);
            GDALRATSetValueAsString(rat, row, 1, names[row]);
            for (int c = 0; c < 3; ++c)
                GDALRATSetValueAsInt(rat, row, 2 + c, rgb[row][c]);
        }
        GDALSetDefaultRAT(GDALGetRasterBand(ds, 1), rat);
        GDALDestroyRasterAttributeTable(rat);
        GDALClose(ds);
    }
    const ClassTable table = ClassTable::fromRasterBand(path);
    // Named rows only, sorted by value; 5 is named but absent, 7 present but unnamed.
    QCOMPARE(table.size(), 3);
    QCOMPARE(table.entries[0].value, 3);
    QCOMPARE(table.entries[0].name, QStringLiteral("water"));
    QCOMPARE(table.entries[0].color.hexName(), QStringLiteral("#0000c8"));
    QCOMPARE(table.entries[1].value, 5);
    QCOMPARE(table.entries[1].name, QStringLiteral("snow"));
    QCOMPARE(table.entries[2].value, 9);
    QCOMPARE(table.entries[2].name, QStringLiteral("forest"));
    QCOMPARE(table.entries[2].color.hexName(), QStringLiteral("#006400"));
    QCOMPARE(table.indexOfValue(7), -1);
}

void TestClassTable::realColourColumnsAreScaled()
{
    const QString path = writeClassRaster(m_dir.filePath(QStringLiteral("ratreal.tif")));
    {
        GDALDatasetH ds = GDALOpen(path.toUtf8().constData(), GA_Update);
        GDALRasterAttributeTableH rat = GDALCreateRasterAttributeTable();
        // GDAL turns columns with a colour usage into 0..255 integers (and so does its HFA driver for
        // Imagine's 0..1 reals); generic columns named after the colours keep their 0..1 reals.
        GDALRATCreateColumn(rat, "red", GFT_Real, GFU_Generic);
        GDALRATCreateColumn(rat, "GREEN", GFT_Real, GFU_Generic);
        GDALRATCreateColumn(rat, "Blue", GFT_Real, GFU_Generic);
        GDALRATSetRowCount(rat, 10); // rows are values 0..9 (no value column, no binning)
        for (int row = 0; row < 10; ++row) {
            GDALRATSetValueAsDouble(rat, row, 0, row == 3 ? 1.0 : 0.0);
            GDALRATSetValueAsDouble(rat, row, 1, row == 7 ? 0.5 : 0.0);
            GDALRATSetValueAsDouble(rat, row, 2, 0.0);
        }
        GDALSetDefaultRAT(GDALGetRasterBand(ds, 1), rat);
        GDALDestroyRasterAttributeTable(rat);
        GDALClose(ds);
    }
    const ClassTable table = ClassTable::fromRasterBand(path);
    // No name column: the values present, coloured from the table (0..1 reals scaled by 255).
    QCOMPARE(table.size(), 3);
    QCOMPARE(table.findValue(3)->color.hexName(), QStringLiteral("#ff0000"));
    QCOMPARE(table.findValue(7)->color.hexName(), QStringLiteral("#008000")); // 0.5 * 255 = 127.5 -> 128
}

void TestClassTable::nonIntegerRasterIsAnError()
{
    test::RasterSpec spec;
    const QString path
        = test::writeRaster(m_dir.filePath(QStringLiteral("float.tif")), spec, { 1, 2, 2.5, 1 });
    QString errorPath;
    const QString cause = dataErrorCause([&] { ClassTable::fromRasterBand(path); }, &errorPath);
    QCOMPARE(errorPath, path);
    QVERIFY2(cause.contains(QLatin1String("non-integer")) && cause.contains(QLatin1String("2.5")),
             qPrintable(cause));
}

void TestClassTable::tooManyValuesIsAnError()
{
    test::RasterSpec spec;
    spec.width = 50;
    spec.height = 30;
    std::vector<double> values(1500);
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = double(i); // 1500 distinct whole numbers: a DEM, not classes
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("dem.tif")), spec, values);
    const QString cause = dataErrorCause([&] { ClassTable::fromRasterBand(path); });
    QVERIFY2(cause.contains(QLatin1String("more than 1000 distinct values")), qPrintable(cause));
}

void TestClassTable::allNoDataIsAnError()
{
    test::RasterSpec spec;
    spec.hasNoData = true;
    spec.noData = 5;
    const QString path
        = test::writeRaster(m_dir.filePath(QStringLiteral("empty.tif")), spec, std::vector<double>(12, 5.0));
    const QString cause = dataErrorCause([&] { ClassTable::fromRasterBand(path); });
    QVERIFY2(cause.contains(QLatin1String("NoData")), qPrintable(cause));
}

void TestClassTable::missingFileAndBadBand()
{
    const QString missing = m_dir.filePath(QStringLiteral("nothing.tif"));
    QString errorPath;
    QVERIFY(dataErrorCause([&] { ClassTable::fromRasterBand(missing); }, &errorPath)
                .contains(QLatin1String("not found")));
    QCOMPARE(errorPath, missing);
    const QString path = writeClassRaster(m_dir.filePath(QStringLiteral("oneband.tif")));
    QVERIFY(dataErrorCause([&] { ClassTable::fromRasterBand(path, 2); }).contains(QLatin1String("band 2")));
}

void TestClassTable::fromValuesSortsAndNames()
{
    const ClassTable table = ClassTable::fromValues({ 5, 2, 5, -1 });
    QCOMPARE(table.size(), 3);
    QCOMPARE(table.entries[0].value, -1);
    QCOMPARE(table.entries[1].value, 2);
    QCOMPARE(table.entries[2].value, 5);
    QCOMPARE(table.entries[2].name, QStringLiteral("class 5"));
    QVERIFY(table.entries[1].color.sameColor(ClassTable::defaultColor(1)));
}

void TestClassTable::fromNamesNumbersSortedNames()
{
    const ClassTable table
        = ClassTable::fromNames({ QStringLiteral("water"), QStringLiteral("forest"), QStringLiteral(""),
                                  QStringLiteral("water"), QStringLiteral("Urban") });
    QCOMPARE(table.size(), 3);
    // Code point order: upper case before lower case.
    QCOMPARE(table.entries[0].name, QStringLiteral("Urban"));
    QCOMPARE(table.entries[0].value, 1);
    QCOMPARE(table.entries[1].name, QStringLiteral("forest"));
    QCOMPARE(table.entries[1].value, 2);
    QCOMPARE(table.entries[2].name, QStringLiteral("water"));
    QCOMPARE(table.entries[2].value, 3);
}

void TestClassTable::defaultColoursAreDistinct()
{
    std::set<QString> seen;
    for (int i = 0; i < 60; ++i) {
        const ColorEntry color = ClassTable::defaultColor(i);
        QCOMPARE(color.alpha, std::uint8_t(255));
        QVERIFY2(seen.insert(color.hexName()).second, qPrintable(QStringLiteral("colour %1 repeats").arg(i)));
        // Neither black nor white: those read as "no data" on a map.
        QVERIFY(!(color.red < 20 && color.green < 20 && color.blue < 20));
        QVERIFY(!(color.red > 240 && color.green > 240 && color.blue > 240));
    }
    QCOMPARE(ClassTable::defaultColor(0).hexName(), QStringLiteral("#f3c300")); // Kelly's first colour
}

void TestClassTable::indexLookup()
{
    const ClassTable table = ClassTable::fromValues({ 10, 20, 30 });
    QCOMPARE(table.indexOfValue(10), 0);
    QCOMPARE(table.indexOfValue(30), 2);
    QCOMPARE(table.indexOfValue(25), -1);
    QCOMPARE(table.indexOfValue(40), -1);
    QCOMPARE(table.findValue(20)->value, 20);
    QVERIFY(!table.findValue(0));
}

void TestClassTable::jsonRoundTrip()
{
    ClassTable table = ClassTable::fromNames({ QStringLiteral("crop"), QStringLiteral("bare") });
    ColorEntry::parseHex(QStringLiteral("#123456"), table.entries[1].color);
    const QJsonArray json = table.toJson();
    QCOMPARE(json.size(), 2);
    QCOMPARE(json.at(1).toObject().value(QStringLiteral("color")).toString(), QStringLiteral("#123456"));
    QCOMPARE(json.at(0).toObject().value(QStringLiteral("value")).toInt(), 1);
    QCOMPARE(json.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("bare"));
    const ClassTable back = ClassTable::fromJson(json);
    QCOMPARE(back.size(), 2);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(back.entries[std::size_t(i)].value, table.entries[std::size_t(i)].value);
        QCOMPARE(back.entries[std::size_t(i)].name, table.entries[std::size_t(i)].name);
        QVERIFY(back.entries[std::size_t(i)].color.sameColor(table.entries[std::size_t(i)].color));
    }
    // Unsorted input comes back sorted; a missing colour and name get the defaults.
    const ClassTable sorted = ClassTable::fromJson(
        QJsonArray { QJsonObject { { QStringLiteral("value"), 8 } },
                     QJsonObject { { QStringLiteral("value"), 2 },
                                   { QStringLiteral("color"), QStringLiteral("#00ff00") } } });
    QCOMPARE(sorted.entries[0].value, 2);
    QCOMPARE(sorted.entries[0].color.hexName(), QStringLiteral("#00ff00"));
    QCOMPARE(sorted.entries[1].name, QStringLiteral("class 8"));
    QVERIFY(sorted.entries[1].color.sameColor(ClassTable::defaultColor(1)));
}

void TestClassTable::jsonErrors()
{
    QVERIFY(dataErrorCause([] {
                ClassTable::fromJson(
                    QJsonArray { QJsonObject { { QStringLiteral("name"), QStringLiteral("x") } } });
            }).contains(QLatin1String("no integer value")));
    QVERIFY(dataErrorCause([] {
                ClassTable::fromJson(QJsonArray { QJsonObject { { QStringLiteral("value"), 1.5 } } });
            }).contains(QLatin1String("no integer value")));
    QVERIFY(dataErrorCause([] {
                ClassTable::fromJson(QJsonArray { QJsonObject { { QStringLiteral("value"), 4 } },
                                                  QJsonObject { { QStringLiteral("value"), 4 } } });
            }).contains(QLatin1String("more than once")));
}

QTEST_GUILESS_MAIN(TestClassTable)
#include "testclasstable.moc"
