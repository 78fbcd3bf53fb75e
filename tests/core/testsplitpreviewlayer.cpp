#include "common/dataerror.h"
#include "filesizelimit.h"
#include "testdata.h"
#include "training/splitpreviewlayer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>
#include <ogr_api.h>

using namespace deepterra;
using namespace deepterra::test;

// The split preview layer is replaced in one step: writing it again really replaces the polygons,
// and a write that fails (a full disk) leaves the previous file byte for byte and no temporary
// file, for GeoPackage and GeoJSON alike.
class TestSplitPreviewLayer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writeReplacesThePreviousLayer_data();
    void writeReplacesThePreviousLayer();
    void failedWriteKeepsThePreviousLayer_data();
    void failedWriteKeepsThePreviousLayer();
};

namespace {

// `parts` separate squares of 4 x 4 pixels along the first rows, one part each.
SplitPreviewLayer layerOf(int parts)
{
    SplitPreviewLayer layer;
    for (int i = 0; i < parts; ++i)
        layer.add(i % 3 == 0 ? QStringLiteral("validation") : QStringLiteral("training"),
                  { QRect((i % 100) * 8, (i / 100) * 8, 4, 4) }, {}, i + 1);
    return layer;
}

RasterGrid gridOf()
{
    RasterGrid grid = utmGrid();
    grid.width = 800;
    grid.height = 800;
    return grid;
}

GIntBig featureCount(const QString &path)
{
    GDALDatasetH dataset = GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    if (!dataset)
        return -1;
    const GIntBig count = OGR_L_GetFeatureCount(GDALDatasetGetLayer(dataset, 0), TRUE);
    GDALClose(dataset);
    return count;
}

void addFormats()
{
    QTest::addColumn<QString>("fileName");
    QTest::newRow("GeoPackage") << QStringLiteral("split.gpkg");
    QTest::newRow("GeoJSON") << QStringLiteral("split.geojson");
}

} // namespace

void TestSplitPreviewLayer::writeReplacesThePreviousLayer_data()
{
    addFormats();
}

void TestSplitPreviewLayer::writeReplacesThePreviousLayer()
{
    QFETCH(QString, fileName);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(fileName);
    layerOf(5).write(path, gridOf());
    QCOMPARE(featureCount(path), GIntBig(5));
    layerOf(2).write(path, gridOf());
    QCOMPARE(featureCount(path), GIntBig(2));
    QCOMPARE(folderEntries(dir.path()), QStringList { fileName });
}

void TestSplitPreviewLayer::failedWriteKeepsThePreviousLayer_data()
{
    addFormats();
}

void TestSplitPreviewLayer::failedWriteKeepsThePreviousLayer()
{
    QFETCH(QString, fileName);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(fileName);
    layerOf(2).write(path, gridOf());
    const QByteArray previous = fileBytes(path);
    QVERIFY(!previous.isEmpty());

    // 5000 polygons take far more than the space left (GeoJSON: about 1.5 MB; a GeoPackage's
    // empty tables alone take about 100 KB).
    const SplitPreviewLayer large = layerOf(5000);
    QString named;
    QString cause;
    {
        FileSizeLimit limit(std::max<qint64>(previous.size(), 64 * 1024));
        if (!limit.active())
            QSKIP("file-size limits are a Unix test");
        cause = dataErrorCause([&] { large.write(path, gridOf()); }, &named);
    }
    QCOMPARE(named, path);
    QVERIFY2(!cause.isEmpty(), "a split preview larger than the space left was written");
    QCOMPARE(fileBytes(path), previous);
    QCOMPARE(folderEntries(dir.path()), QStringList { fileName });
    QCOMPARE(featureCount(path), GIntBig(2));
}

QTEST_GUILESS_MAIN(TestSplitPreviewLayer)
#include "testsplitpreviewlayer.moc"
