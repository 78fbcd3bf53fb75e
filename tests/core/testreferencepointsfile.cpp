#include "accuracy/referencepointsfile.h"
#include "testdata.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

using namespace deepterra;

namespace {

std::vector<ClassEntry> classes()
{
    std::vector<ClassEntry> entries(3);
    const char *names[] = { "water", "forest", "crops" };
    for (int i = 0; i < 3; ++i) {
        entries[std::size_t(i)].value = i + 1;
        entries[std::size_t(i)].name = QLatin1String(names[i]);
    }
    return entries;
}

std::vector<ReferencePoint> points()
{
    std::vector<ReferencePoint> result;
    for (int i = 0; i < 4; ++i) {
        ReferencePoint p;
        p.id = i + 1;
        p.column = i;
        p.row = 2 * i;
        p.x = 500015.0 + 30.0 * i;
        p.y = 9119985.0 - 60.0 * i;
        p.mapValue = 1 + i % 3;
        result.push_back(p);
    }
    return result;
}

// Sets the reference field of each feature, in order, as text (a GIS user types either form).
void label(const QString &path, const QStringList &labels)
{
    GDALDatasetH ds
        = GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr);
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    OGR_L_ResetReading(layer);
    int i = 0;
    while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
        const int field = OGR_F_GetFieldIndex(f, "reference");
        if (i < labels.size() && !labels.at(i).isEmpty())
            OGR_F_SetFieldString(f, field, labels.at(i).toUtf8().constData());
        QVERIFY(OGR_L_SetFeature(layer, f) == OGRERR_NONE);
        OGR_F_Destroy(f);
        ++i;
    }
    GDALClose(ds);
}

} // namespace

class TestReferencePointsFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesPointsAGisOpens();
    void readsLabelsByValueOrName();
    void unknownLabelNamesThePoint();
    void layerWithoutTheFieldsIsRefused();
    void unwritablePathIsRefused();

private:
    QTemporaryDir m_dir;
};

void TestReferencePointsFile::writesPointsAGisOpens()
{
    const QString path = m_dir.filePath(QStringLiteral("points.gpkg"));
    ReferencePointsFile::write(path, points(), classes(),
                               CrsInfo::fromUserInput(QStringLiteral("EPSG:32725")));
    GDALDatasetH ds = GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    QVERIFY(ds);
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, "reference_points");
    QVERIFY(layer);
    QCOMPARE(OGR_L_GetFeatureCount(layer, TRUE), GIntBig(4));
    OGRFeatureH f = OGR_L_GetFeature(layer, 2);
    QCOMPARE(QString::fromUtf8(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "map_class"))),
             QStringLiteral("forest"));
    QVERIFY(!OGR_F_IsFieldSetAndNotNull(f, OGR_F_GetFieldIndex(f, "reference")));
    QCOMPARE(OGR_G_GetX(OGR_F_GetGeometryRef(f), 0), 500045.0);
    OGR_F_Destroy(f);
    const char *authority = OSRGetAuthorityCode(OGR_L_GetSpatialRef(layer), nullptr);
    QCOMPARE(QByteArray(authority), QByteArray("32725"));
    GDALClose(ds);
    QVERIFY(!QFile::exists(path + QStringLiteral(".partial.gpkg")));
}

void TestReferencePointsFile::readsLabelsByValueOrName()
{
    const QString path = m_dir.filePath(QStringLiteral("labelled.gpkg"));
    ReferencePointsFile::write(path, points(), classes(), CrsInfo());
    label(path, { QStringLiteral("2"), QStringLiteral("Crops"), QString(), QStringLiteral(" water ") });
    const std::vector<ReferencePoint> read = ReferencePointsFile::read(path, classes());
    QCOMPARE(int(read.size()), 4);
    QCOMPARE(*read[0].reference, 2);
    QCOMPARE(*read[1].reference, 3);
    QVERIFY(!read[2].reference);
    QCOMPARE(*read[3].reference, 1);
    QCOMPARE(read[3].mapValue, 1);
    QCOMPARE(read[3].id, 4);
    QCOMPARE(read[1].x, 500045.0);
}

void TestReferencePointsFile::unknownLabelNamesThePoint()
{
    const QString path = m_dir.filePath(QStringLiteral("typo.gpkg"));
    ReferencePointsFile::write(path, points(), classes(), CrsInfo());
    label(path, { QStringLiteral("1"), QStringLiteral("1"), QStringLiteral("forrest") });
    QString errorPath;
    const QString cause
        = test::dataErrorCause([&] { ReferencePointsFile::read(path, classes()); }, &errorPath);
    QCOMPARE(errorPath, path);
    QVERIFY2(cause.contains(QLatin1String("point 3")) && cause.contains(QLatin1String("\"forrest\""))
                 && cause.contains(QLatin1String("2 forest")),
             qPrintable(cause));
}

void TestReferencePointsFile::layerWithoutTheFieldsIsRefused()
{
    const QString path = m_dir.filePath(QStringLiteral("other.geojson"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"map_value":1},)"
               R"("geometry":{"type":"Point","coordinates":[1,2]}}]})");
    file.close();
    const QString cause = test::dataErrorCause([&] { ReferencePointsFile::read(path, classes()); });
    QVERIFY2(cause.contains(QLatin1String("no reference field")), qPrintable(cause));
    const QString missing = test::dataErrorCause(
        [&] { ReferencePointsFile::read(m_dir.filePath(QStringLiteral("none.gpkg")), classes()); });
    QVERIFY(missing.contains(QLatin1String("not found")));
}

void TestReferencePointsFile::unwritablePathIsRefused()
{
    const QString path = QStringLiteral("/proc/deepterra/points.gpkg");
    QString errorPath;
    const QString cause = test::dataErrorCause(
        [&] { ReferencePointsFile::write(path, points(), classes(), CrsInfo()); }, &errorPath);
    QCOMPARE(errorPath, path);
    QVERIFY(!cause.isEmpty());
}

QTEST_GUILESS_MAIN(TestReferencePointsFile)
#include "testreferencepointsfile.moc"
