#include "common/dataerror.h"
#include "render/classpolygonreader.h"
#include "render/coordinatetransformer.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>
#include <ogr_api.h>

using namespace deepterra;

class TestClassPolygonReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void demoPolygonsCarryTheirClasses();
    void polygonsAreTransformedToTheMapCrs();
    void integerFieldGivesClassValues();
    void unknownFieldListsTheFields();
    void layerWithoutCrsKeepsItsCoordinates();
    void layerWithoutPolygonsIsAnError();

private:
    // A shapefile without CRS (no .prj) holding the given WKT geometries, no fields.
    QString writeLayer(const QString &name, const QStringList &wkts);
    QTemporaryDir m_dir;
    QString m_demo;
};

void TestClassPolygonReader::initTestCase()
{
    m_demo = QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg");
}

QString TestClassPolygonReader::writeLayer(const QString &name, const QStringList &wkts)
{
    GDALAllRegister();
    const QString path = m_dir.filePath(name + QStringLiteral(".shp"));
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("ESRI Shapefile"), path.toUtf8().constData(), 0, 0, 0,
                                 GDT_Unknown, nullptr);
    OGRLayerH layer = GDALDatasetCreateLayer(ds, name.toUtf8().constData(), nullptr, wkbUnknown, nullptr);
    for (const QString &wkt : wkts) {
        OGRFeatureH feature = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        OGRGeometryH geometry = nullptr;
        QByteArray text = wkt.toLatin1();
        char *cursor = text.data();
        OGR_G_CreateFromWkt(&cursor, nullptr, &geometry);
        OGR_F_SetGeometryDirectly(feature, geometry);
        const bool written = OGR_L_CreateFeature(layer, feature) == OGRERR_NONE;
        OGR_F_Destroy(feature);
        if (!written)
            qFatal("cannot write the fixture %s", qPrintable(path));
    }
    GDALClose(ds);
    return path;
}

void TestClassPolygonReader::demoPolygonsCarryTheirClasses()
{
    // ogrinfo -al olinda-training.gpkg: 14 polygons; landcover bare_soil x4, built_up x3,
    // vegetation x4, water x3; extent (289089.75, 9110899.75) - (298608.75, 9120333.25).
    const CrsInfo utm = CrsInfo::fromUserInput(QStringLiteral("EPSG:31985"));
    const ClassPolygons result
        = ClassPolygonReader::read(m_demo, QString(), QStringLiteral("landcover"), utm);
    QCOMPARE(result.layer, QStringLiteral("training_areas"));
    QCOMPARE(result.polygons.size(), std::size_t(14));
    QCOMPARE(result.skippedFeatures, 0);
    QCOMPARE(result.classes.size(), 4);
    QCOMPARE(result.classes.entries[0].name, QStringLiteral("bare_soil"));
    QCOMPARE(result.classes.entries[3].name, QStringLiteral("water"));
    std::vector<int> perClass(4, 0);
    for (const ClassPolygon &polygon : result.polygons)
        ++perClass[std::size_t(polygon.classIndex)];
    QCOMPARE(perClass, (std::vector<int> { 4, 3, 4, 3 }));
    QVERIFY(std::abs(result.extent.left() - 289089.75) < 1e-6);
    QVERIFY(std::abs(result.extent.top() - 9110899.75) < 1e-6);
    QVERIFY(std::abs(result.extent.right() - 298608.75) < 1e-6);
    QVERIFY(std::abs(result.extent.bottom() - 9120333.25) < 1e-6);
    // Feature 1 is water; its outline starts at (296243.25, 9113008.75).
    QCOMPARE(result.polygons[0].classIndex, 3);
    QCOMPARE(result.polygons[0].rings[0][0], QPointF(296243.25, 9113008.75));
    QCOMPARE(result.sourceCrs.authorityCode, QStringLiteral("EPSG:31985"));
}

void TestClassPolygonReader::polygonsAreTransformedToTheMapCrs()
{
    // osr.CoordinateTransformation(EPSG:31985 -> EPSG:4326, GIS order) of (296243.25, 9113008.75)
    // gives (-34.84876667373308, -8.020213409011).
    const ClassPolygons result
        = ClassPolygonReader::read(m_demo, QStringLiteral("training_areas"), QStringLiteral("landcover"),
                                   CoordinateTransformer::lonLat());
    const QPointF first = result.polygons[0].rings[0][0];
    QVERIFY(std::abs(first.x() - -34.84876667373308) < 1e-9);
    QVERIFY(std::abs(first.y() - -8.020213409011) < 1e-9);
    QVERIFY(result.extent.left() > -34.92 && result.extent.right() < -34.82);
}

void TestClassPolygonReader::integerFieldGivesClassValues()
{
    const ClassPolygons result
        = ClassPolygonReader::read(m_demo, QString(), QStringLiteral("code"), CrsInfo());
    QCOMPARE(result.classes.size(), 4);
    QCOMPARE(result.classes.entries[0].value, 1);
    QCOMPARE(result.classes.entries[3].value, 4);
}

void TestClassPolygonReader::unknownFieldListsTheFields()
{
    QString path;
    const QString cause = test::dataErrorCause(
        [&] { ClassPolygonReader::read(m_demo, QString(), QStringLiteral("nope"), CrsInfo()); }, &path);
    QCOMPARE(path, m_demo);
    QCOMPARE(
        cause,
        QStringLiteral("layer 'training_areas' has no field 'nope' (available fields: landcover, code)"));
}

void TestClassPolygonReader::layerWithoutCrsKeepsItsCoordinates()
{
    const QString path = writeLayer(
        QStringLiteral("nocrs"),
        { QStringLiteral("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 2))"),
          QStringLiteral("MULTIPOLYGON (((20 0, 30 0, 30 5, 20 0)), ((40 0, 50 0, 50 5, 40 0)))") });
    const ClassPolygons result = ClassPolygonReader::read(
        path, QString(), QString(), CrsInfo::fromUserInput(QStringLiteral("EPSG:31985")));
    QVERIFY2(!result.sourceCrs.isValid(), qPrintable(result.sourceCrs.wkt));
    QCOMPARE(result.polygons.size(), std::size_t(3)); // the multipolygon's two parts apart
    QCOMPARE(result.polygons[0].rings.size(), std::size_t(2)); // outline and hole
    QCOMPARE(result.polygons[0].classIndex, -1);
    QCOMPARE(result.polygons[2].rings[0][0], QPointF(40, 0));
    QCOMPARE(result.extent, QRectF(QPointF(0, 0), QPointF(50, 10)));
}

void TestClassPolygonReader::layerWithoutPolygonsIsAnError()
{
    const QString path = writeLayer(QStringLiteral("points"), { QStringLiteral("POINT (1 2)") });
    QString errorPath;
    const QString cause = test::dataErrorCause(
        [&] { ClassPolygonReader::read(path, QString(), QString(), CrsInfo()); }, &errorPath);
    QCOMPARE(errorPath, path);
    QCOMPARE(cause, QStringLiteral("layer 'points' holds no polygon that can be drawn"));
}

QTEST_GUILESS_MAIN(TestClassPolygonReader)
#include "testclasspolygonreader.moc"
