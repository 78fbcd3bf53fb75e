#include "map/mapcanvas.h"
#include "render/maplayerloader.h"
#include "testdata.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

class TestMapCanvas : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void firstImageIsCoarseThenFull();
    void onlyTheLatestViewIsShown();
    void pickingAPointAndAnArea();

private:
    bool waitForFullImage(MapCanvas &canvas);
    void showRamp(MapCanvas &canvas);
    QTemporaryDir m_dir;
    QString m_path;
    std::shared_ptr<const MapLayerData> m_data;
};

void TestMapCanvas::initTestCase()
{
    // 400 x 300 pixels of 30 m, values rising to the east: 0 .. 399.
    test::RasterSpec spec;
    spec.width = 400;
    spec.height = 300;
    std::vector<double> values;
    for (int row = 0; row < spec.height; ++row)
        for (int column = 0; column < spec.width; ++column)
            values.push_back(column);
    m_path = test::writeRaster(m_dir.filePath(QStringLiteral("ramp.tif")), spec, values);
    ProjectLayer layer;
    layer.kind = LayerKind::Imagery;
    m_data = std::make_shared<const MapLayerData>(MapLayerLoader::load(layer, m_path, CrsInfo()));
}

bool TestMapCanvas::waitForFullImage(MapCanvas &canvas)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10000) {
        if (!canvas.isRendering() && canvas.isRenderedImageComplete()
            && canvas.renderedView() == canvas.view())
            return true;
        QTest::qWait(10);
    }
    return false;
}

void TestMapCanvas::showRamp(MapCanvas &canvas)
{
    LayerRenderInput input;
    input.id = QStringLiteral("ramp");
    input.name = QStringLiteral("Ramp");
    input.data = m_data;
    input.style.renderer = LayerStyle::Renderer::SingleBand;
    input.style.stretch = LayerStyle::Stretch::MinMax;
    canvas.setLayers({ input }, m_data->crs);
    canvas.setFullExtent(m_data->mapExtent);
}

void TestMapCanvas::firstImageIsCoarseThenFull()
{
    MapCanvas canvas;
    canvas.resize(400, 300);
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    QSignalSpy rendered(&canvas, &MapCanvas::rendered);
    showRamp(canvas);
    QVERIFY(waitForFullImage(canvas));
    QVERIFY(rendered.count() >= 2);
    QCOMPARE(rendered.first().at(0).toBool(), false); // the coarse pass came first
    QCOMPARE(rendered.last().at(0).toBool(), true);
    QVERIFY(rendered.last().at(1).toStringList().isEmpty());
    // Grey from black in the west to white in the east.
    const QImage image = canvas.renderedImage();
    const MapView &view = canvas.view();
    const QRectF extent = m_data->mapExtent;
    const QPoint west = view.toScreen(QPointF(extent.left() + 45, extent.center().y())).toPoint();
    const QPoint east = view.toScreen(QPointF(extent.right() - 45, extent.center().y())).toPoint();
    QVERIFY(qGray(image.pixel(west)) < 10);
    QVERIFY(qGray(image.pixel(east)) > 245);
}

void TestMapCanvas::onlyTheLatestViewIsShown()
{
    MapCanvas canvas;
    canvas.resize(400, 300);
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    showRamp(canvas);
    QVERIFY(waitForFullImage(canvas));
    // A burst of view changes: whatever arrives in between, the image ends on the last view.
    for (int i = 0; i < 10; ++i) {
        canvas.zoomIn();
        QTest::qWait(3);
    }
    const MapView last = canvas.view();
    QVERIFY(waitForFullImage(canvas));
    QCOMPARE(canvas.renderedView(), last);
}

void TestMapCanvas::pickingAPointAndAnArea()
{
    MapCanvas canvas;
    canvas.resize(400, 300);
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    showRamp(canvas);
    canvas.setTool(MapCanvas::Tool::PickPoint);
    QSignalSpy point(&canvas, &MapCanvas::pointPicked);
    QTest::mouseClick(&canvas, Qt::LeftButton, Qt::NoModifier, QPoint(100, 80));
    QCOMPARE(point.count(), 1);
    QCOMPARE(point.first().at(0).toPointF(), canvas.view().toMap(QPointF(100, 80)));

    canvas.setTool(MapCanvas::Tool::PickArea);
    QSignalSpy area(&canvas, &MapCanvas::areaPicked);
    QTest::mousePress(&canvas, Qt::LeftButton, Qt::NoModifier, QPoint(50, 40));
    QTest::mouseMove(&canvas, QPoint(120, 90));
    QTest::mouseRelease(&canvas, Qt::LeftButton, Qt::NoModifier, QPoint(150, 100));
    QCOMPARE(area.count(), 1);
    const QRectF expected
        = QRectF(canvas.view().toMap(QPointF(50, 100)), canvas.view().toMap(QPointF(150, 40))).normalized();
    QCOMPARE(area.first().at(0).toRectF(), expected);
}

QTEST_MAIN(TestMapCanvas)
#include "testmapcanvas.moc"
