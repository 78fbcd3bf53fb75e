#include "geodata/geotransform.h"

#include <QtTest>

using namespace deepterra;

class TestGeoTransform : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pixelToMapAndBack();
    void rotatedTransformRoundTrips();
    void extentCoversAllCorners();
};

void TestGeoTransform::pixelToMapAndBack()
{
    const GeoTransform gt = GeoTransform::fromOriginAndPixelSize(288776.3, 9120761.3, 28.5, 28.5);
    const QPointF centre = gt.pixelToMap({ 0.5, 0.5 });
    QCOMPARE(centre.x(), 288776.3 + 14.25);
    QCOMPARE(centre.y(), 9120761.3 - 14.25);
    const QPointF pixel = gt.mapToPixel({ 288776.3 + 28.5 * 10, 9120761.3 - 28.5 * 3 });
    QVERIFY(qFuzzyCompare(pixel.x(), 10.0));
    QVERIFY(qFuzzyCompare(pixel.y(), 3.0));
}

void TestGeoTransform::rotatedTransformRoundTrips()
{
    const GeoTransform gt({ 1000.0, 10.0, 2.0, 5000.0, 1.5, -10.0 });
    QVERIFY(!gt.isNorthUp());
    const QPointF map = gt.pixelToMap({ 7.25, 3.5 });
    const QPointF back = gt.mapToPixel(map);
    QVERIFY(qAbs(back.x() - 7.25) < 1e-9);
    QVERIFY(qAbs(back.y() - 3.5) < 1e-9);
}

void TestGeoTransform::extentCoversAllCorners()
{
    const GeoTransform gt = GeoTransform::fromOriginAndPixelSize(100.0, 200.0, 2.0, 4.0);
    const QRectF e = gt.extent(10, 5);
    QCOMPARE(e.left(), 100.0);
    QCOMPARE(e.right(), 120.0);
    QCOMPARE(e.top(), 180.0);
    QCOMPARE(e.bottom(), 200.0);
}

QTEST_GUILESS_MAIN(TestGeoTransform)
#include "testgeotransform.moc"
