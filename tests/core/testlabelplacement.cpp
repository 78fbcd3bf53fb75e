#include "common/dataerror.h"
#include "labels/labelplacement.h"

#include "testdata.h"

#include <QtTest>

using namespace deepterra;
using deepterra::test::dataErrorCause;
using deepterra::test::utmGrid;

class TestLabelPlacement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void crsMustBeOnBothSidesOrNeither();
    void extentIsTransformedToTheGridCrs();
    void touchingIsNotOverlapping();
    void noOverlapMessageGivesBothExtents();
};

void TestLabelPlacement::crsMustBeOnBothSidesOrNeither()
{
    const RasterGrid grid = utmGrid();
    const CrsInfo wgs84 = CrsInfo::fromUserInput(QStringLiteral("EPSG:4326"));
    QString errorPath;
    QCOMPARE(dataErrorCause(
                 [&] {
                     LabelPlacement::requireComparableCrs(QStringLiteral("a.shp"), CrsInfo(), grid,
                                                          QStringLiteral("layer 'x'"),
                                                          QStringLiteral("ogr2ogr -a_srs"));
                 },
                 &errorPath),
             QStringLiteral(
                 "the layer 'x' has no CRS while the image is in EPSG:32725: assign one (for example with "
                 "ogr2ogr -a_srs) so that the labels can be placed on the image"));
    QCOMPARE(errorPath, QStringLiteral("a.shp"));
    RasterGrid withoutCrs = grid;
    withoutCrs.crs = CrsInfo();
    QCOMPARE(dataErrorCause([&] {
                 LabelPlacement::requireComparableCrs(QStringLiteral("a.tif"), wgs84, withoutCrs,
                                                      QStringLiteral("raster"), QString());
             }),
             QStringLiteral("the image has no CRS, so a raster in EPSG:4326 cannot be placed on it"));
    QVERIFY(dataErrorCause([&] {
                LabelPlacement::requireComparableCrs(QStringLiteral("a.tif"), CrsInfo(), withoutCrs,
                                                     QStringLiteral("raster"), QString());
            }).isEmpty());
    QVERIFY(dataErrorCause([&] {
                LabelPlacement::requireComparableCrs(QStringLiteral("a.tif"), wgs84, grid,
                                                     QStringLiteral("raster"), QString());
            }).isEmpty());
}

void TestLabelPlacement::extentIsTransformedToTheGridCrs()
{
    // gdaltransform -s_srs EPSG:32725 -t_srs EPSG:4326 maps the grid's corners (500000, 9120000)
    // and (500300, 9119700) to (-33, -7.9611235) and (-32.9972779, -7.9638372). The box of these
    // corners comes back within a metre (its edges are not quite parallel to the UTM axes).
    const QRectF box(QPointF(-33.0, -7.9638372), QPointF(-32.9972779, -7.9611235));
    const auto inUtm = LabelPlacement::extentInGridCrs(
        box, CrsInfo::fromUserInput(QStringLiteral("EPSG:4326")), utmGrid());
    QVERIFY(inUtm.has_value());
    QVERIFY2(std::abs(inUtm->left() - 500000) < 1.0, qPrintable(QString::number(inUtm->left(), 'f', 3)));
    QVERIFY(std::abs(inUtm->right() - 500300) < 1.0);
    QVERIFY(std::abs(inUtm->top() - 9119700) < 1.0);
    QVERIFY(std::abs(inUtm->bottom() - 9120000) < 1.0);
    // Same CRS: untouched.
    const QRectF utmBox(QPointF(1, 2), QPointF(3, 4));
    QCOMPARE(*LabelPlacement::extentInGridCrs(utmBox, utmGrid().crs, utmGrid()), utmBox);
}

void TestLabelPlacement::touchingIsNotOverlapping()
{
    const QRectF a(QPointF(0, 0), QPointF(10, 10));
    QVERIFY(LabelPlacement::overlaps(a, QRectF(QPointF(9, 9), QPointF(20, 20))));
    QVERIFY(!LabelPlacement::overlaps(a, QRectF(QPointF(10, 0), QPointF(20, 10))));
    QVERIFY(!LabelPlacement::overlaps(a, QRectF(QPointF(0, -5), QPointF(10, 0))));
}

void TestLabelPlacement::noOverlapMessageGivesBothExtents()
{
    const QRectF away(QPointF(600000, 9119000), QPointF(600100, 9119100));
    QCOMPARE(
        dataErrorCause([&] { LabelPlacement::requireOverlap(QStringLiteral("l.gpkg"), away, utmGrid()); }),
        QStringLiteral(
            "the labels do not overlap the image: they cover x 600000.0 to 600100.0, y 9119000.0 to "
            "9119100.0 while the image covers x 500000.0 to 500300.0, y 9119700.0 to 9120000.0 (in "
            "EPSG:32725)"));
    QVERIFY(dataErrorCause([&] {
                LabelPlacement::requireOverlap(QStringLiteral("l.gpkg"), std::nullopt, utmGrid());
            }).contains(QLatin1String("cannot be expressed in the image's CRS")));
    QVERIFY(dataErrorCause([&] {
                LabelPlacement::requireOverlap(
                    QStringLiteral("l.gpkg"), QRectF(QPointF(500100, 9119800), QPointF(1e6, 1e7)), utmGrid());
            }).isEmpty());
}

QTEST_GUILESS_MAIN(TestLabelPlacement)
#include "testlabelplacement.moc"
