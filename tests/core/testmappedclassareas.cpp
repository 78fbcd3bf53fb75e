#include "accuracy/mappedclassareas.h"
#include "classmapfixture.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace deepterra;

class TestMappedClassAreas : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsPixelsAndHectaresOfAProjectedMap();
    void namedClassesMappedNowhereAreListed();
    void degreeGridCellsShrinkTowardsThePoles();
    void mapWithoutCrsHasNoArea();
    void nonIntegerMapIsRefused();

private:
    QTemporaryDir m_dir;
};

void TestMappedClassAreas::countsPixelsAndHectaresOfAProjectedMap()
{
    // 4 x 3 pixels of 30 m (0.09 ha): six of class 1, three of class 2, two of class 0, one NoData.
    const QString path = test::writeClassMap(
        m_dir.filePath(QStringLiteral("map.tif")), 4, 3, { 1, 1, 1, 2, 1, 1, 2, 2, 0, 1, 255, 0 },
        { QStringLiteral("water"), QStringLiteral("forest"), QStringLiteral("crops") });
    const MappedClassAreas areas = MappedClassAreas::measure(path);
    QVERIFY(areas.hasArea());
    QCOMPARE(int(areas.classes().size()), 3);
    const qint64 pixels[3] = { 2, 6, 3 };
    for (int value = 0; value < 3; ++value) {
        const MappedClass &c = areas.classes()[std::size_t(areas.indexOfValue(value))];
        QCOMPARE(c.pixels, pixels[value]);
        QVERIFY(std::abs(c.hectares - 0.09 * double(pixels[value])) < 1e-12);
    }
    QCOMPARE(areas.classes()[1].entry.name, QStringLiteral("forest"));
    QCOMPARE(areas.totalPixels(), qint64(11));
    QVERIFY(std::abs(areas.totalHectares() - 0.99) < 1e-12);
    QCOMPARE(areas.indexOfValue(7), -1);
}

void TestMappedClassAreas::namedClassesMappedNowhereAreListed()
{
    // The legend names four classes; the map uses two of them.
    const QString path = test::writeClassMap(
        m_dir.filePath(QStringLiteral("two.tif")), 2, 2, { 0, 0, 3, 3 },
        { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d") });
    const MappedClassAreas areas = MappedClassAreas::measure(path);
    QCOMPARE(int(areas.classes().size()), 4);
    QCOMPARE(areas.classes()[1].pixels, qint64(0));
    QCOMPARE(areas.classes()[1].hectares, 0.0);
    QCOMPARE(areas.classes()[3].entry.name, QStringLiteral("d"));
}

void TestMappedClassAreas::degreeGridCellsShrinkTowardsThePoles()
{
    // A whole-globe grid of 10-degree cells: the rows add up to the authalic sphere's area, and a
    // cell by the equator is cos(5 deg) / cos(85 deg) times one by the pole, to first order.
    test::RasterSpec spec;
    spec.width = 36;
    spec.height = 18;
    spec.dataType = QStringLiteral("Byte");
    spec.originX = -180.0;
    spec.originY = 90.0;
    spec.pixelSize = 10.0;
    spec.crs = QStringLiteral("EPSG:4326");
    std::vector<double> values(36 * 18, 0.0);
    for (int x = 0; x < 36; ++x) {
        values[std::size_t(x)] = 1; // the northernmost row
        values[std::size_t(8 * 36 + x)] = 2; // the row just north of the equator
    }
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("globe.tif")), spec, values);
    const MappedClassAreas areas = MappedClassAreas::measure(path);
    const double radius = 6371007.181;
    const double globeHectares = 4.0 * M_PI * radius * radius / 10000.0;
    QVERIFY2(std::abs(areas.totalHectares() / globeHectares - 1.0) < 1e-12,
             qPrintable(QString::number(areas.totalHectares())));
    const double polar = areas.classes()[std::size_t(areas.indexOfValue(1))].hectares;
    const double equatorial = areas.classes()[std::size_t(areas.indexOfValue(2))].hectares;
    const double expected = std::sin(10.0 * M_PI / 180.0) / (1.0 - std::sin(80.0 * M_PI / 180.0));
    QVERIFY(std::abs(equatorial / polar - expected) < 1e-9);
}

void TestMappedClassAreas::mapWithoutCrsHasNoArea()
{
    test::RasterSpec spec;
    spec.dataType = QStringLiteral("Byte");
    spec.crs.clear();
    const QString path
        = test::writeRaster(m_dir.filePath(QStringLiteral("nocrs.tif")), spec, std::vector<double>(12, 1.0));
    const MappedClassAreas areas = MappedClassAreas::measure(path);
    QVERIFY(!areas.hasArea());
    QCOMPARE(areas.totalPixels(), qint64(12));
    QVERIFY(std::isnan(areas.classes()[0].hectares));
}

void TestMappedClassAreas::nonIntegerMapIsRefused()
{
    test::RasterSpec spec;
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("float.tif")), spec,
                                           { 1, 1, 1, 1, 1, 1, 1, 1.5, 1, 1, 1, 1 });
    QString errorPath;
    const QString cause = test::dataErrorCause([&] { MappedClassAreas::measure(path); }, &errorPath);
    QCOMPARE(errorPath, path);
    QVERIFY2(cause.contains(QLatin1String("non-integer")), qPrintable(cause));
}

QTEST_GUILESS_MAIN(TestMappedClassAreas)
#include "testmappedclassareas.moc"
