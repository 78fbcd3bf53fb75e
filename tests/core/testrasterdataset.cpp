#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "testdata.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>

#include <cmath>

using namespace deepterra;

class TestRasterDataset : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void landsatFacts();
    void demFacts();
    void windowReadMatchesGdal();
    void decimatedReadUsesWholeExtent();
    void noDataAndNanAreInvalid();
    void alphaMaskMarksPixelsInvalid();
    void windowOutsideRasterIsAnError();
    void unknownBandIsAnError();
    void missingFileNamesTheFile();
    void notARasterNamesTheFile();
    void truncatedPixelBlocksFailInsteadOfZeroFilling();
    void dataTypesAreReported_data();
    void dataTypesAreReported();

private:
    QTemporaryDir m_dir;
};

void TestRasterDataset::landsatFacts()
{
    const RasterDataset ds = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    const RasterInfo &info = ds.info();
    QCOMPARE(info.driver, QStringLiteral("GTiff"));
    QCOMPARE(info.width, 349);
    QCOMPARE(info.height, 352);
    QCOMPARE(info.bandCount(), 6);
    for (const BandInfo &band : info.bands) {
        QCOMPARE(band.dataType, QStringLiteral("Byte"));
        QVERIFY(!band.noData.has_value());
        QCOMPARE(band.overviewCount, 4);
    }
    QCOMPARE(info.crs.authorityCode, QStringLiteral("EPSG:31985"));
    QCOMPARE(info.crs.name, QStringLiteral("SIRGAS 2000 / UTM zone 25S"));
    QVERIFY(!info.crs.geographic);
    QVERIFY(info.hasGeoTransform);
    QVERIFY(std::abs(info.geoTransform.pixelWidth() - 28.5) < 1e-6);
    QVERIFY(std::abs(info.geoTransform.pixelHeight() - 28.5) < 1e-6);
    const QRectF extent = info.extent();
    QVERIFY(std::abs(extent.left() - 288776.25) < 1e-3);
    QVERIFY(std::abs(extent.right() - 298722.75) < 1e-3);
    QVERIFY(std::abs(extent.top() - 9110728.75) < 1e-3);
    QVERIFY(std::abs(extent.bottom() - 9120760.75) < 1e-3);
}

void TestRasterDataset::demFacts()
{
    const RasterDataset ds
        = RasterDataset::open(test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif")));
    QCOMPARE(ds.width(), 111);
    QCOMPARE(ds.height(), 111);
    QCOMPARE(ds.info().bands.at(0).dataType, QStringLiteral("Float32"));
    QVERIFY(std::abs(ds.info().geoTransform.pixelWidth() - 89.994067349451157) < 1e-9);
}

void TestRasterDataset::windowReadMatchesGdal()
{
    const QString path = test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    const RasterDataset ds = RasterDataset::open(path);
    const QRect window(100, 50, 7, 5);
    const RasterBuffer buffer = ds.readWindow(window, { 4, 1 });
    QCOMPARE(buffer.width, 7);
    QCOMPARE(buffer.height, 5);
    QCOMPARE(buffer.bandCount(), 2);

    // Independent read through GDAL's C API, as bytes.
    GDALDatasetH raw = GDALOpen(path.toUtf8().constData(), GA_ReadOnly);
    QVERIFY(raw);
    std::vector<unsigned char> expected(35);
    QCOMPARE(GDALRasterIO(GDALGetRasterBand(raw, 4), GF_Read, 100, 50, 7, 5, expected.data(), 7, 5, GDT_Byte,
                          0, 0),
             CE_None);
    for (int y = 0; y < 5; ++y)
        for (int x = 0; x < 7; ++x) {
            QCOMPARE(buffer.value(0, x, y), float(expected[std::size_t(y * 7 + x)]));
            QVERIFY(buffer.isValid(0, x, y));
        }
    GDALClose(raw);
}

void TestRasterDataset::decimatedReadUsesWholeExtent()
{
    const RasterDataset ds = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    RasterReadRequest request;
    request.bands = { 1 };
    request.outputSize = QSize(44, 44);
    request.resampling = Resampling::Average;
    const RasterBuffer thumb = ds.read(request);
    QCOMPARE(thumb.width, 44);
    QCOMPARE(thumb.window, QRect(0, 0, 349, 352));
    const RasterBuffer full = ds.readWindow({}, { 1 });
    double fullMean = 0.0, thumbMean = 0.0;
    for (float v : full.values)
        fullMean += v;
    for (float v : thumb.values)
        thumbMean += v;
    fullMean /= double(full.values.size());
    thumbMean /= double(thumb.values.size());
    QVERIFY2(std::abs(fullMean - thumbMean) < 1.0,
             qPrintable(QStringLiteral("%1 vs %2").arg(fullMean).arg(thumbMean)));
}

void TestRasterDataset::noDataAndNanAreInvalid()
{
    test::RasterSpec spec;
    spec.hasNoData = true;
    spec.noData = -9999.0;
    const std::vector<double> values { 1, 2, -9999, 4, std::nan(""), 6, 7, 8, 9, -9999, 11, 12 };
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("nodata.tif")), spec, values);
    QVERIFY(!path.isEmpty());
    const RasterDataset ds = RasterDataset::open(path);
    QCOMPARE(ds.info().bands.at(0).noData.value(), -9999.0);
    const RasterBuffer buffer = ds.readWindow({});
    QCOMPARE(buffer.validCount(0), std::size_t(9));
    QVERIFY(!buffer.isValid(0, 2, 0));
    QVERIFY(!buffer.isValid(0, 0, 1));
    QVERIFY(!buffer.isValid(0, 1, 2));
    QVERIFY(buffer.isValid(0, 3, 2));
    QCOMPARE(buffer.value(0, 3, 2), 12.0f);

    // A sub-window keeps its own mask aligned.
    const RasterBuffer sub = ds.readWindow(QRect(1, 1, 2, 2));
    QVERIFY(!sub.isValid(0, 0, 1));
    QVERIFY(sub.isValid(0, 1, 1));
    QCOMPARE(sub.value(0, 1, 1), 11.0f);
}

void TestRasterDataset::alphaMaskMarksPixelsInvalid()
{
    const QString path = m_dir.filePath(QStringLiteral("alpha.tif"));
    GDALAllRegister();
    const char *options[] = { "ALPHA=YES", nullptr };
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.toUtf8().constData(), 2, 2, 2, GDT_Byte,
                                 const_cast<char **>(options));
    QVERIFY(ds);
    unsigned char data[4] = { 10, 20, 30, 40 };
    unsigned char alpha[4] = { 255, 0, 255, 255 };
    QCOMPARE(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, 0, 2, 2, data, 2, 2, GDT_Byte, 0, 0),
             CE_None);
    QCOMPARE(GDALRasterIO(GDALGetRasterBand(ds, 2), GF_Write, 0, 0, 2, 2, alpha, 2, 2, GDT_Byte, 0, 0),
             CE_None);
    GDALClose(ds);

    const RasterBuffer buffer = RasterDataset::open(path).readWindow({}, { 1 });
    QVERIFY(buffer.isValid(0, 0, 0));
    QVERIFY(!buffer.isValid(0, 1, 0));
    QCOMPARE(buffer.validCount(0), std::size_t(3));
}

void TestRasterDataset::windowOutsideRasterIsAnError()
{
    const RasterDataset ds = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    try {
        ds.readWindow(QRect(340, 0, 20, 10));
        QFAIL("expected a DataError");
    } catch (const DataError &e) {
        QVERIFY(e.message().contains(QStringLiteral("L7_ETMs.tif")));
        QVERIFY(e.cause().contains(QStringLiteral("outside")));
    }
}

void TestRasterDataset::unknownBandIsAnError()
{
    const RasterDataset ds = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    QVERIFY_THROWS_EXCEPTION(DataError, ds.readWindow(QRect(0, 0, 2, 2), { 7 }));
}

void TestRasterDataset::missingFileNamesTheFile()
{
    const QString path = m_dir.filePath(QStringLiteral("nowhere.tif"));
    try {
        RasterDataset::open(path);
        QFAIL("expected a DataError");
    } catch (const DataError &e) {
        QCOMPARE(e.path(), path);
        QCOMPARE(e.cause(), QStringLiteral("file not found"));
    }
}

void TestRasterDataset::notARasterNamesTheFile()
{
    const QString path = m_dir.filePath(QStringLiteral("notes.tif"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not a GeoTIFF at all\n");
    file.close();
    try {
        RasterDataset::open(path);
        QFAIL("expected a DataError");
    } catch (const DataError &e) {
        QVERIFY(e.message().startsWith(path));
        QVERIFY(e.cause().startsWith(QStringLiteral("cannot open as a raster")));
    }
}

void TestRasterDataset::truncatedPixelBlocksFailInsteadOfZeroFilling()
{
    // The header and directory are intact, the pixel blocks are cut off.
    const QString source = test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif"));
    QFile in(source);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray bytes = in.readAll();
    const QString path = m_dir.filePath(QStringLiteral("truncated.tif"));
    {
        // Keep the first blocks only: GDAL's TIFF directory of this file sits at its start.
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes.left(bytes.size() / 3));
    }
    const RasterDataset ds = RasterDataset::open(path);
    QCOMPARE(ds.width(), 111);
    try {
        ds.readWindow({});
        QFAIL("expected a DataError for the missing blocks");
    } catch (const DataError &e) {
        QCOMPARE(e.path(), path);
        QVERIFY2(e.cause().startsWith(QStringLiteral("cannot read band 1")), qPrintable(e.message()));
    }
}

void TestRasterDataset::dataTypesAreReported_data()
{
    QTest::addColumn<QString>("type");
    for (const char *t : { "Byte", "Int16", "UInt16", "Int32", "Float32", "Float64" })
        QTest::newRow(t) << QString::fromLatin1(t);
}

void TestRasterDataset::dataTypesAreReported()
{
    QFETCH(QString, type);
    test::RasterSpec spec;
    spec.dataType = type;
    spec.hasNoData = true;
    spec.noData = 0;
    const QString path = test::writeRaster(m_dir.filePath(type + QStringLiteral(".tif")), spec,
                                           { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 });
    const RasterDataset ds = RasterDataset::open(path);
    QCOMPARE(ds.info().bands.at(0).dataType, type);
    const RasterBuffer buffer = ds.readWindow({});
    QCOMPARE(buffer.value(0, 3, 2), 11.0f);
    QVERIFY(!buffer.isValid(0, 0, 0));
    QCOMPARE(buffer.validCount(0), std::size_t(11));
}

QTEST_GUILESS_MAIN(TestRasterDataset)
#include "testrasterdataset.moc"
