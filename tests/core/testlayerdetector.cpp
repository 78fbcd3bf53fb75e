#include "common/dataerror.h"
#include "render/layerdetector.h"
#include "testdata.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

class TestLayerDetector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void multibandImageIsImagery();
    void elevationModelIsADem();
    void classRasterWithAttributeTable();
    void vectorFileGetsAClassField();
    void netCdfIsACube();
    void csvIsASeries();
    void unsupportedFileNamesTheFile();
    void truncatedRasterNamesTheFile();

private:
    QTemporaryDir m_dir;
};

void TestLayerDetector::multibandImageIsImagery()
{
    const QString path = test::samplePath(QStringLiteral("tif/L7_ETMs.tif"));
    const ProjectLayer layer = LayerDetector::detect(path);
    QCOMPARE(layer.kind, LayerKind::Imagery);
    QCOMPARE(layer.name, QStringLiteral("L7_ETMs"));
    QCOMPARE(layer.id, QStringLiteral("l7-etms"));
    QCOMPARE(layer.path, path);
}

void TestLayerDetector::elevationModelIsADem()
{
    // One Float32 band, "dem" in the name.
    QCOMPARE(LayerDetector::detect(test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif"))).kind,
             LayerKind::Dem);
    // The same kind of band under a neutral name is imagery (a single band of anything).
    test::RasterSpec spec;
    const QString plain = test::writeRaster(m_dir.filePath(QStringLiteral("ndvi.tif")), spec, { 0.1, 0.2 });
    QCOMPARE(LayerDetector::detect(plain).kind, LayerKind::Imagery);
}

void TestLayerDetector::classRasterWithAttributeTable()
{
    // lc.tif: one Byte band with a colour table and a raster attribute table.
    QCOMPARE(LayerDetector::detect(test::samplePath(QStringLiteral("tif/lc.tif"))).kind,
             LayerKind::ClassRaster);
}

void TestLayerDetector::vectorFileGetsAClassField()
{
    // Fields landcover (text) and code (integer): "landcover" is named like a class.
    const ProjectLayer layer
        = LayerDetector::detect(QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg"));
    QCOMPARE(layer.kind, LayerKind::VectorLabels);
    QCOMPARE(layer.properties.value(QStringLiteral("layer")).toString(), QStringLiteral("training_areas"));
    QCOMPARE(layer.properties.value(QStringLiteral("classField")).toString(), QStringLiteral("landcover"));
}

void TestLayerDetector::netCdfIsACube()
{
    const ProjectLayer layer = LayerDetector::detect(test::samplePath(QStringLiteral("nc/bcsd_obs_1999.nc")));
    QCOMPARE(layer.kind, LayerKind::Cube);
    QCOMPARE(layer.properties.value(QStringLiteral("variable")).toString(), QStringLiteral("pr"));
}

void TestLayerDetector::csvIsASeries()
{
    QCOMPARE(LayerDetector::detect(test::samplePath(QStringLiteral("datasets/co2/co2.csv"))).kind,
             LayerKind::Series);
}

void TestLayerDetector::unsupportedFileNamesTheFile()
{
    const QString path = m_dir.filePath(QStringLiteral("notes.docx"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("PK\x03\x04 this is no geodata at all");
    file.close();
    QString errorPath;
    const QString cause = test::dataErrorCause([&] { LayerDetector::detect(path); }, &errorPath);
    QCOMPARE(errorPath, path);
    QVERIFY2(cause.startsWith(QStringLiteral("unsupported or corrupt file")), qPrintable(cause));
}

void TestLayerDetector::truncatedRasterNamesTheFile()
{
    // The first 300 bytes of a GeoTIFF: GDAL recognises TIFF but cannot read its directory.
    QFile source(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QString path = m_dir.filePath(QStringLiteral("truncated.tif"));
    QFile truncated(path);
    QVERIFY(truncated.open(QIODevice::WriteOnly));
    truncated.write(source.read(300));
    truncated.close();
    QString errorPath;
    const QString cause = test::dataErrorCause([&] { LayerDetector::detect(path); }, &errorPath);
    QCOMPARE(errorPath, path);
    QVERIFY2(!cause.isEmpty(), "a truncated raster must be refused");
}

QTEST_GUILESS_MAIN(TestLayerDetector)
#include "testlayerdetector.moc"
