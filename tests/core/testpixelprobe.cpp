#include "geodata/rasterdataset.h"
#include "render/coordinatetransformer.h"
#include "render/pixelprobe.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

class TestPixelProbe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void landsatPixelMatchesGdallocationinfo();
    void lonLatPointIsTransformedFirst();
    void chosenBandsOnly();
    void outsideTheRasterIsNotInside();
    void noDataIsNotValid();
};

void TestPixelProbe::landsatPixelMatchesGdallocationinfo()
{
    // gdallocationinfo L7_ETMs.tif -geoloc 290000 9115000: pixel (42, 202), bands 75 61 67 52 108 92.
    const RasterDataset ds = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    const PixelSample sample = PixelProbe::sample(ds, QPointF(290000, 9115000), ds.info().crs);
    QVERIFY(sample.inside);
    QCOMPARE(sample.pixel, QPoint(42, 202));
    QCOMPARE(sample.bands, (std::vector<int> { 1, 2, 3, 4, 5, 6 }));
    QCOMPARE(sample.values, (std::vector<double> { 75, 61, 67, 52, 108, 92 }));
    QCOMPARE(sample.valid, std::vector<bool>(6, true));
}

void TestPixelProbe::lonLatPointIsTransformedFirst()
{
    // gdaltransform -s_srs EPSG:31985 -t_srs EPSG:4326: (290000, 9115000) is
    // (-34.9053093480779, -8.00195339479435).
    const RasterDataset ds = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    const PixelSample sample = PixelProbe::sample(ds, QPointF(-34.9053093480779, -8.00195339479435),
                                                  CoordinateTransformer::lonLat());
    QVERIFY(sample.inside);
    QCOMPARE(sample.pixel, QPoint(42, 202));
    QCOMPARE(sample.values.front(), 75.0);
}

void TestPixelProbe::chosenBandsOnly()
{
    const RasterDataset ds = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    const PixelSample sample = PixelProbe::sample(ds, QPointF(290000, 9115000), CrsInfo(), { 4, 3 });
    QCOMPARE(sample.values, (std::vector<double> { 52, 67 }));
}

void TestPixelProbe::outsideTheRasterIsNotInside()
{
    const RasterDataset ds = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    QVERIFY(!PixelProbe::sample(ds, QPointF(280000, 9115000), ds.info().crs).inside);
    QVERIFY(!PixelProbe::sample(ds, QPointF(290000, 9130000), ds.info().crs).inside);
}

void TestPixelProbe::noDataIsNotValid()
{
    QTemporaryDir dir;
    test::RasterSpec spec; // 4 x 3, 30 m pixels from (500000, 9120000)
    spec.hasNoData = true;
    const QString path = test::writeRaster(dir.filePath(QStringLiteral("n.tif")), spec,
                                           { 1, 2, 3, 4, 5, -9999, 7, 8, 9, 10, 11, 12 });
    const RasterDataset ds = RasterDataset::open(path);
    const PixelSample hole = PixelProbe::sample(ds, QPointF(500045, 9119955), ds.info().crs); // pixel (1, 1)
    QVERIFY(hole.inside);
    QCOMPARE(hole.pixel, QPoint(1, 1));
    QCOMPARE(hole.valid, std::vector<bool> { false });
    const PixelSample data = PixelProbe::sample(ds, QPointF(500075, 9119955), ds.info().crs); // pixel (2, 1)
    QCOMPARE(data.values, std::vector<double> { 7 });
    QCOMPARE(data.valid, std::vector<bool> { true });
}

QTEST_GUILESS_MAIN(TestPixelProbe)
#include "testpixelprobe.moc"
