#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "geodata/windowgeotiff.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

class TestWindowGeoTiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void liesOverTheWindow();
    void unsignedValuesTakeTheSmallestType();
    void unwritablePathNamesTheFile();

private:
    static RasterGrid grid();
};

RasterGrid TestWindowGeoTiff::grid()
{
    RasterGrid g;
    g.width = 100;
    g.height = 80;
    g.geoTransform = GeoTransform(std::array<double, 6> { 500000.0, 30.0, 0.0, 9120000.0, 0.0, -30.0 });
    g.crs = CrsInfo::fromUserInput(QStringLiteral("EPSG:31985"));
    return g;
}

void TestWindowGeoTiff::liesOverTheWindow()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("window.tif"));
    std::vector<float> values(4 * 3);
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = float(i) * 0.5f;
    WindowGeoTiff::writeFloat32(path, grid(), QRect(10, 20, 4, 3), values,
                                { -1.0, QStringLiteral("saliency") });
    const RasterDataset raster = RasterDataset::open(path);
    QCOMPARE(raster.width(), 4);
    QCOMPARE(raster.height(), 3);
    const std::array<double, 6> gt = raster.info().geoTransform.coefficients();
    QCOMPARE(gt[0], 500000.0 + 10 * 30.0);
    QCOMPARE(gt[3], 9120000.0 - 20 * 30.0);
    QVERIFY(raster.info().crs.isSameAs(grid().crs));
    QCOMPARE(raster.info().bands[0].noData.value_or(0.0), -1.0);
    QCOMPARE(raster.info().bands[0].description, QStringLiteral("saliency"));
    const RasterBuffer read = raster.readWindow(QRect(0, 0, 4, 3));
    QCOMPARE(read.value(0, 3, 2), 5.5f);
    QVERIFY(QDir(dir.path()).entryList({ QStringLiteral("*.partial*") }).isEmpty());
}

void TestWindowGeoTiff::unsignedValuesTakeTheSmallestType()
{
    QTemporaryDir dir;
    const QString bytes = dir.filePath(QStringLiteral("bytes.tif"));
    const QString words = dir.filePath(QStringLiteral("words.tif"));
    WindowGeoTiff::writeUnsigned(bytes, grid(), QRect(0, 0, 2, 1), { 3, 255 });
    WindowGeoTiff::writeUnsigned(words, grid(), QRect(0, 0, 2, 1), { 3, 256 });
    QCOMPARE(RasterDataset::open(bytes).info().bands[0].dataType, QStringLiteral("Byte"));
    QCOMPARE(RasterDataset::open(words).info().bands[0].dataType, QStringLiteral("UInt16"));
    QCOMPARE(RasterDataset::open(words).readWindow(QRect(0, 0, 2, 1)).value(0, 1, 0), 256.0f);
}

void TestWindowGeoTiff::unwritablePathNamesTheFile()
{
    const QString path = QStringLiteral("/nonexistent-folder/saliency.tif");
    try {
        WindowGeoTiff::writeFloat32(path, grid(), QRect(0, 0, 1, 1), { 1.0f });
        QFAIL("no error");
    } catch (const DataError &e) {
        QCOMPARE(e.path(), path);
    }
}

QTEST_GUILESS_MAIN(TestWindowGeoTiff)
#include "testwindowgeotiff.moc"
