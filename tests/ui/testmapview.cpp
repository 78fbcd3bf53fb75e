#include "map/mapview.h"

#include <QtTest>

using namespace deepterra;

class TestMapView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void screenAndMapRoundTrip();
    void fittingShowsTheWholeExtent();
    void zoomKeepsTheAnchorInPlace();
    void panMovesTheMapWithTheMouse();
    void gridCoversTheView();
};

void TestMapView::screenAndMapRoundTrip()
{
    // 10 map units per pixel, centre (1000, 2000), 200 x 100 pixels: the top-left corner is
    // (1000 - 100 * 10, 2000 + 50 * 10) and y grows downwards on screen.
    const MapView view(QPointF(1000, 2000), 10, QSize(200, 100));
    QCOMPARE(view.toMap(QPointF(0, 0)), QPointF(0, 2500));
    QCOMPARE(view.toMap(QPointF(200, 100)), QPointF(2000, 1500));
    QCOMPARE(view.toScreen(QPointF(1000, 2000)), QPointF(100, 50));
    QCOMPARE(view.extent(), QRectF(QPointF(0, 1500), QPointF(2000, 2500)));
}

void TestMapView::fittingShowsTheWholeExtent()
{
    // A tall extent in a wide window: the height decides, with 4 % margins.
    const QRectF extent(QPointF(0, 0), QPointF(100, 400));
    const MapView view = MapView::fitting(extent, QSize(800, 500));
    QCOMPARE(view.center(), QPointF(50, 200));
    QVERIFY(std::abs(view.unitsPerPixel() - 400.0 / (500 * 0.92)) < 1e-12);
    QVERIFY(view.extent().contains(extent));
}

void TestMapView::zoomKeepsTheAnchorInPlace()
{
    const MapView view(QPointF(0, 0), 2, QSize(100, 100));
    const QPointF anchor(80, 30);
    const MapView zoomed = view.zoomed(4, anchor);
    QCOMPARE(zoomed.unitsPerPixel(), 0.5);
    QCOMPARE(zoomed.toMap(anchor), view.toMap(anchor));
}

void TestMapView::panMovesTheMapWithTheMouse()
{
    // Dragging right by 10 px shows what lay 10 px to the left: the centre moves west.
    const MapView view(QPointF(0, 0), 2, QSize(100, 100));
    const MapView panned = view.panned(QPointF(10, -5));
    QCOMPARE(panned.center(), QPointF(-20, -10));
    QCOMPARE(panned.toScreen(view.toMap(QPointF(40, 40))), QPointF(50, 35));
}

void TestMapView::gridCoversTheView()
{
    const MapView view(QPointF(1000, 2000), 10, QSize(200, 100));
    const RasterGrid full = view.grid(CrsInfo());
    QCOMPARE(full.width, 200);
    QCOMPARE(full.height, 100);
    QCOMPARE(full.geoTransform.coefficients(), (std::array<double, 6> { 0, 10, 0, 2500, 0, -10 }));
    // A quarter of the resolution, one pixel of margin: 50 x 25 plus 2, pixels of 40 units.
    const RasterGrid coarse = view.grid(CrsInfo(), 0.25, 1);
    QCOMPARE(coarse.width, 52);
    QCOMPARE(coarse.height, 27);
    QCOMPARE(coarse.geoTransform.coefficients(), (std::array<double, 6> { -40, 40, 0, 2540, 0, -40 }));
}

QTEST_MAIN(TestMapView)
#include "testmapview.moc"
