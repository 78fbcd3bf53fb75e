// The report's map figure: the classes in their colours inside a frame, the legend, and the image
// beneath them only when it lies on the map's grid.
#include "accuracy/mappedclassareas.h"
#include "classmapfixture.h"
#include "report/mapfigure.h"
#include "report/mapframe.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

class TestMapFigure : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void drawsTheClassesInTheirColours();
    void imageOnTheGridShowsThrough();
    void imageOnAnotherGridIsLeftOut();
    void bandsNamedRedGreenBlueShowInNaturalColour();

private:
    // How many pixels of the figure have exactly this colour.
    static int count(const QImage &image, QRgb colour);

    QTemporaryDir m_dir;
    QString m_map;
};

void TestMapFigure::initTestCase()
{
    // 60 x 60: class 2 in the top-left 15 x 15 square, class 1 elsewhere; a grey and a blue in the legend.
    m_map = test::writeClassMap(
        m_dir.filePath(QStringLiteral("map.tif")), 60, 60, test::cornerClassMap(60, 15, false),
        { QStringLiteral("none"), QStringLiteral("forest"), QStringLiteral("water") });
}

int TestMapFigure::count(const QImage &image, QRgb colour)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += (image.pixel(x, y) & 0xffffff) == (colour & 0xffffff) ? 1 : 0;
    return n;
}

void TestMapFigure::drawsTheClassesInTheirColours()
{
    const MappedClassAreas areas = MappedClassAreas::measure(m_map);
    QString shown = QStringLiteral("unset");
    const QImage figure = MapFigure::render(areas, QString(), {}, &shown);
    QVERIFY(shown.isEmpty());
    QCOMPARE(figure.width(), MapFrame::kWidth);
    const ClassEntry &forest = areas.classes()[std::size_t(areas.indexOfValue(1))].entry;
    const ClassEntry &water = areas.classes()[std::size_t(areas.indexOfValue(2))].entry;
    const int forestPixels = count(figure, qRgb(forest.color.red, forest.color.green, forest.color.blue));
    const int waterPixels = count(figure, qRgb(water.color.red, water.color.green, water.color.blue));
    // The map is drawn 1100 pixels square: water covers 1/16 of it, forest the rest (plus each
    // class's legend swatch).
    QVERIFY2(std::abs(waterPixels - 1100 * 1100 / 16) < 1100 * 30, qPrintable(QString::number(waterPixels)));
    QVERIFY2(std::abs(forestPixels - 1100 * 1100 * 15 / 16) < 1100 * 60,
             qPrintable(QString::number(forestPixels)));
}

void TestMapFigure::imageOnTheGridShowsThrough()
{
    // A three-band image on the map's grid, bright on the left half and dark on the right.
    test::RasterSpec spec;
    spec.width = 60;
    spec.height = 60;
    spec.bands = 3;
    std::vector<double> values(3 * 60 * 60);
    for (int b = 0; b < 3; ++b)
        for (int y = 0; y < 60; ++y)
            for (int x = 0; x < 60; ++x)
                values[std::size_t(b * 3600 + y * 60 + x)] = x < 30 ? 200.0 : 10.0;
    const QString image = test::writeRaster(m_dir.filePath(QStringLiteral("image.tif")), spec, values);
    const MappedClassAreas areas = MappedClassAreas::measure(m_map);
    QString shown;
    const QImage figure = MapFigure::render(areas, image, {}, &shown);
    QCOMPARE(shown, QStringLiteral("bands 1, 2 and 3 as red, green and blue"));
    // The same forest, lighter over the bright half than over the dark one.
    const int margin = 110;
    const QRgb left = figure.pixel(margin + 200, 55 + 800);
    const QRgb right = figure.pixel(margin + 1000, 55 + 800);
    QVERIFY2(qGray(left) > qGray(right) + 40,
             qPrintable(QStringLiteral("%1 %2").arg(qGray(left)).arg(qGray(right))));
}

void TestMapFigure::imageOnAnotherGridIsLeftOut()
{
    test::RasterSpec spec;
    spec.width = 30;
    spec.height = 30;
    const QString image
        = test::writeRaster(m_dir.filePath(QStringLiteral("small.tif")), spec, std::vector<double>(900, 5.0));
    QString shown = QStringLiteral("unset");
    const QImage figure = MapFigure::render(MappedClassAreas::measure(m_map), image, {}, &shown);
    QVERIFY(shown.isEmpty());
    QVERIFY(!figure.isNull());
}

void TestMapFigure::bandsNamedRedGreenBlueShowInNaturalColour()
{
    // Landsat's order, as a project names it: blue, green, red, near infrared. Only the red band is
    // bright: drawn as red, green and blue, the ground is red; by the first three bands it would be blue.
    test::RasterSpec spec;
    spec.width = 60;
    spec.height = 60;
    spec.bands = 4;
    std::vector<double> values(4 * 3600, 10.0);
    for (int i = 0; i < 3600; ++i) {
        values[std::size_t(2 * 3600 + i)] = i % 2 ? 250.0 : 240.0;
        values[std::size_t(i)] = i % 2 ? 12.0 : 8.0;
        values[std::size_t(3600 + i)] = i % 2 ? 12.0 : 8.0;
        values[std::size_t(3 * 3600 + i)] = i % 2 ? 250.0 : 240.0;
    }
    const QString image = test::writeRaster(m_dir.filePath(QStringLiteral("landsat.tif")), spec, values);
    QString shown;
    const QImage figure = MapFigure::render(
        MappedClassAreas::measure(m_map), image,
        { QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("red"), QStringLiteral("nir") },
        &shown);
    QCOMPARE(shown, QStringLiteral("bands 3, 2 and 1 as red, green and blue"));
    QVERIFY(!figure.isNull());
}

QTEST_MAIN(TestMapFigure)
#include "testmapfigure.moc"
