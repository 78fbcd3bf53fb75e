#include "common/dataerror.h"
#include "labels/vectorlabelsource.h"
#include "testdata.h"

#include <QFile>
#include <QTemporaryDir>
#include <QVariant>
#include <QtTest>

#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

using namespace deepterra;
using deepterra::test::dataErrorCause;
using deepterra::test::utmGrid;

namespace {

struct Field
{
    QByteArray name;
    OGRFieldType type;
};

struct Feature
{
    QByteArray wkt;
    QVariantList values; // one per field; an invalid QVariant leaves the field null
};

// Writes one layer with OGR. `crs` empty: a layer without CRS.
bool writeLayer(const QString &path, const char *driverName, const QString &crs,
                const std::vector<Field> &fields, const std::vector<Feature> &features,
                const char *layerName = "labels", OGRwkbGeometryType type = wkbPolygon, bool append = false)
{
    GDALAllRegister();
    GDALDatasetH ds = append
        ? GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr)
        : GDALCreate(GDALGetDriverByName(driverName), path.toUtf8().constData(), 0, 0, 0, GDT_Unknown,
                     nullptr);
    if (!ds)
        return false;
    OGRSpatialReferenceH srs = nullptr;
    if (!crs.isEmpty()) {
        srs = OSRNewSpatialReference(nullptr);
        OSRSetFromUserInput(srs, crs.toUtf8().constData());
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    }
    OGRLayerH layer = GDALDatasetCreateLayer(ds, layerName, srs, type, nullptr);
    if (srs)
        OSRDestroySpatialReference(srs);
    bool ok = layer != nullptr;
    for (const Field &field : fields) {
        OGRFieldDefnH definition = OGR_Fld_Create(field.name.constData(), field.type);
        ok = ok && OGR_L_CreateField(layer, definition, TRUE) == OGRERR_NONE;
        OGR_Fld_Destroy(definition);
    }
    for (const Feature &feature : features) {
        if (!ok)
            break;
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        for (int i = 0; i < feature.values.size(); ++i) {
            const QVariant &value = feature.values.at(i);
            if (!value.isValid())
                OGR_F_SetFieldNull(f, i);
            else if (value.typeId() == QMetaType::Int)
                OGR_F_SetFieldInteger(f, i, value.toInt());
            else if (value.typeId() == QMetaType::Double)
                OGR_F_SetFieldDouble(f, i, value.toDouble());
            else
                OGR_F_SetFieldString(f, i, value.toString().toUtf8().constData());
        }
        OGRGeometryH geometry = nullptr;
        char *wkt = const_cast<char *>(feature.wkt.constData());
        ok = OGR_G_CreateFromWkt(&wkt, nullptr, &geometry) == OGRERR_NONE;
        OGR_F_SetGeometryDirectly(f, geometry);
        ok = ok && OGR_L_CreateFeature(layer, f) == OGRERR_NONE;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return ok;
}

QByteArray square(double x0, double y0, double x1, double y1)
{
    return QStringLiteral("POLYGON((%1 %2,%3 %2,%3 %4,%1 %4,%1 %2))")
        .arg(x0, 0, 'f', 3)
        .arg(y0, 0, 'f', 3)
        .arg(x1, 0, 'f', 3)
        .arg(y1, 0, 'f', 3)
        .toUtf8();
}

// Square A covers pixel columns 1..3 and rows 1..3 (9 pixels), square B columns 5..8 and rows
// 5..8 (16 pixels). Their edges lie on pixel edges, half a pixel from the nearest pixel centre.
const QByteArray squareA = square(500030, 9119970, 500120, 9119880);
const QByteArray squareB = square(500150, 9119850, 500270, 9119730);

const std::vector<Field> classFields = { { "class_id", OFTInteger }, { "landuse", OFTString } };
const std::vector<Feature> twoSquares
    = { { squareA, { 1, QStringLiteral("water") } }, { squareB, { 2, QStringLiteral("forest") } } };

bool insideA(int x, int y)
{
    return x >= 1 && x <= 3 && y >= 1 && y <= 3;
}
bool insideB(int x, int y)
{
    return x >= 5 && x <= 8 && y >= 5 && y <= 8;
}

} // namespace

class TestVectorLabelSource : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void integerFieldOnUtmGrid();
    void sameSquaresInWgs84LandOnTheSamePixels();
    void utmSquaresOnGeographicGrid();
    void textFieldGivesNamesTable();
    void pairedNameFieldNamesValues();
    void realFieldWithWholeNumbers();
    void laterFeatureWinsWhereOverlapping();
    void featuresWithoutClassStayUnlabelled();
    void describeListsLayers();

    void missingFile();
    void corruptFiles();
    void rasterIsNotAVectorFile();
    void unknownLayerListsLayers();
    void unknownFieldListsFields();
    void layerWithoutCrs();
    void imageWithoutCrs();
    void emptyLayer();
    void labelsOutsideTheImage();
    void pointsAreNotLabels();
    void polygonsBetweenPixelCentres();
    void noFeatureHasAClass();
    void nonIntegerClassValue();

private:
    QString m_utmPath;
    QTemporaryDir m_dir;
};

void TestVectorLabelSource::initTestCase()
{
    m_utmPath = m_dir.filePath(QStringLiteral("squares.gpkg"));
    QVERIFY(writeLayer(m_utmPath, "GPKG", QStringLiteral("EPSG:32725"), classFields, twoSquares));
}

void TestVectorLabelSource::integerFieldOnUtmGrid()
{
    const LabelGrid labels = VectorLabelSource::rasterize(m_utmPath, QStringLiteral("class_id"), utmGrid());
    QCOMPARE(labels.classes.size(), 2);
    QCOMPARE(labels.classes.entries[0].value, 1);
    QCOMPARE(labels.classes.entries[1].value, 2);
    QCOMPARE(labels.classes.entries[0].name, QStringLiteral("class 1"));
    QCOMPARE(labels.indices.size(), std::size_t(100));
    // Counted by hand: 3x3 pixels for A, 4x4 for B, the other 75 unlabelled.
    QCOMPARE(labels.countsPerClass(), (std::vector<std::size_t> { 9, 16 }));
    QCOMPARE(labels.labelledCount(), std::size_t(25));
    for (int y = 0; y < 10; ++y)
        for (int x = 0; x < 10; ++x) {
            const std::int32_t expected = insideA(x, y) ? 0 : insideB(x, y) ? 1 : LabelGrid::kIgnore;
            QCOMPARE(labels.at(x, y), expected);
        }
}

void TestVectorLabelSource::sameSquaresInWgs84LandOnTheSamePixels()
{
    // ogr2ogr -t_srs EPSG:4326, in process: the squares' corners in longitude/latitude.
    const QString wgs84 = m_dir.filePath(QStringLiteral("squares4326.geojson"));
    const char *arguments[] = { "-f", "GeoJSON", "-t_srs", "EPSG:4326", nullptr };
    GDALVectorTranslateOptions *options
        = GDALVectorTranslateOptionsNew(const_cast<char **>(arguments), nullptr);
    GDALDatasetH source
        = GDALOpenEx(m_utmPath.toUtf8().constData(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    GDALDatasetH written
        = GDALVectorTranslate(wgs84.toUtf8().constData(), nullptr, 1, &source, options, nullptr);
    QVERIFY(written);
    GDALClose(written);
    GDALClose(source);
    GDALVectorTranslateOptionsFree(options);
    QVERIFY(VectorLabelSource::describe(wgs84).at(0).crs.geographic);

    const LabelGrid utm = VectorLabelSource::rasterize(m_utmPath, QStringLiteral("class_id"), utmGrid());
    const LabelGrid fromWgs84 = VectorLabelSource::rasterize(wgs84, QStringLiteral("class_id"), utmGrid());
    // Back in UTM the corners move by far less than a millimetre, and only the corners are
    // transformed, so the edges stay straight; with every edge 15 m from the nearest pixel
    // centre the labels agree exactly here. A pixel or two is tolerated because polygons whose
    // edges pass (almost) through pixel centres could tip either way after the round trip.
    int differing = 0;
    for (std::size_t i = 0; i < utm.indices.size(); ++i)
        differing += utm.indices[i] != fromWgs84.indices[i];
    QVERIFY2(differing <= 2, qPrintable(QStringLiteral("%1 pixels differ").arg(differing)));
    QCOMPARE(fromWgs84.labelledCount(), std::size_t(25));
    QCOMPARE(fromWgs84.at(2, 2), 0);
    QCOMPARE(fromWgs84.at(6, 6), 1);
}

void TestVectorLabelSource::utmSquaresOnGeographicGrid()
{
    // A 40x40 grid of 0.0001 degrees in EPSG:4326 (x = longitude). Reference:
    //   ogr2ogr -t_srs EPSG:4326 sq4326.gpkg squares.gpkg
    //   gdal_rasterize -a class_id -te -33.0005 -7.9649 -32.9965 -7.9609 -ts 40 40 -a_nodata 0 -ot Int32 ...
    // read with python3-gdal: 64 pixels of A in rows 5..12 and columns 8..15, 110 of B in rows
    // 16..26 and columns 19..28. A swapped axis order would put nothing on this grid.
    RasterGrid grid;
    grid.width = 40;
    grid.height = 40;
    grid.geoTransform = GeoTransform::fromOriginAndPixelSize(-33.0005, -7.9609, 0.0001, 0.0001);
    grid.crs = CrsInfo::fromUserInput(QStringLiteral("EPSG:4326"));
    const LabelGrid labels = VectorLabelSource::rasterize(m_utmPath, QStringLiteral("class_id"), grid);
    QCOMPARE(labels.countsPerClass(), (std::vector<std::size_t> { 64, 110 }));
    int minX = 40, maxX = -1, minY = 40, maxY = -1;
    for (int y = 0; y < 40; ++y)
        for (int x = 0; x < 40; ++x)
            if (labels.at(x, y) == 0) {
                minX = std::min(minX, x);
                maxX = std::max(maxX, x);
                minY = std::min(minY, y);
                maxY = std::max(maxY, y);
            }
    QCOMPARE(minX, 8);
    QCOMPARE(maxX, 15);
    QCOMPARE(minY, 5);
    QCOMPARE(maxY, 12);
    QCOMPARE(labels.at(20, 20), 1);
}

void TestVectorLabelSource::textFieldGivesNamesTable()
{
    const QString path = m_dir.filePath(QStringLiteral("landuse.shp"));
    QVERIFY(writeLayer(path, "ESRI Shapefile", QStringLiteral("EPSG:32725"), classFields, twoSquares));
    const LabelGrid labels = VectorLabelSource::rasterize(path, QStringLiteral("landuse"), utmGrid());
    // Names sorted: forest = 1 (index 0, square B), water = 2 (index 1, square A).
    QCOMPARE(labels.classes.size(), 2);
    QCOMPARE(labels.classes.entries[0].name, QStringLiteral("forest"));
    QCOMPARE(labels.classes.entries[0].value, 1);
    QCOMPARE(labels.classes.entries[1].name, QStringLiteral("water"));
    QCOMPARE(labels.classes.entries[1].value, 2);
    QCOMPARE(labels.countsPerClass(), (std::vector<std::size_t> { 16, 9 }));
    QCOMPARE(labels.at(2, 2), 1);
    QCOMPARE(labels.at(7, 7), 0);
}

void TestVectorLabelSource::pairedNameFieldNamesValues()
{
    const QString path = m_dir.filePath(QStringLiteral("named.geojson"));
    QVERIFY(
        writeLayer(path, "GeoJSON", QStringLiteral("EPSG:32725"),
                   { { "code", OFTInteger }, { "class_name", OFTString } },
                   { { squareA, { 10, QStringLiteral("lake") } }, { squareB, { 20, QStringLiteral("") } } }));
    const LabelGrid labels = VectorLabelSource::rasterize(path, QStringLiteral("code"), utmGrid());
    QCOMPARE(labels.classes.entries[0].value, 10);
    QCOMPARE(labels.classes.entries[0].name, QStringLiteral("lake"));
    QCOMPARE(labels.classes.entries[1].name, QStringLiteral("class 20")); // empty name: the default
    QCOMPARE(labels.countsPerClass(), (std::vector<std::size_t> { 9, 16 }));
}

void TestVectorLabelSource::realFieldWithWholeNumbers()
{
    const QString path = m_dir.filePath(QStringLiteral("real.gpkg"));
    QVERIFY(writeLayer(path, "GPKG", QStringLiteral("EPSG:32725"), { { "cls", OFTReal } },
                       { { squareA, { 4.0 } }, { squareB, { -3.0 } } }));
    const LabelGrid labels = VectorLabelSource::rasterize(path, QStringLiteral("cls"), utmGrid());
    QCOMPARE(labels.classes.entries[0].value, -3);
    QCOMPARE(labels.classes.entries[1].value, 4);
    QCOMPARE(labels.countsPerClass(), (std::vector<std::size_t> { 16, 9 }));
}

void TestVectorLabelSource::laterFeatureWinsWhereOverlapping()
{
    // C (class 3) covers columns 3..4 and rows 3..4, over A's corner pixel (3, 3).
    const QString path = m_dir.filePath(QStringLiteral("overlap.gpkg"));
    QVERIFY(writeLayer(
        path, "GPKG", QStringLiteral("EPSG:32725"), { { "class_id", OFTInteger } },
        { { squareA, { 1 } }, { squareB, { 2 } }, { square(500090, 9119910, 500150, 9119850), { 3 } } }));
    const LabelGrid labels = VectorLabelSource::rasterize(path, QStringLiteral("class_id"), utmGrid());
    QCOMPARE(labels.countsPerClass(), (std::vector<std::size_t> { 8, 16, 4 }));
    QCOMPARE(labels.at(3, 3), 2);
}

void TestVectorLabelSource::featuresWithoutClassStayUnlabelled()
{
    const QString path = m_dir.filePath(QStringLiteral("nullclass.gpkg"));
    QVERIFY(writeLayer(path, "GPKG", QStringLiteral("EPSG:32725"), { { "class_id", OFTInteger } },
                       { { squareA, { QVariant() } }, { squareB, { 5 } } }));
    const LabelGrid labels = VectorLabelSource::rasterize(path, QStringLiteral("class_id"), utmGrid());
    QCOMPARE(labels.classes.size(), 1);
    QCOMPARE(labels.labelledCount(), std::size_t(16));
    QCOMPARE(labels.at(2, 2), LabelGrid::kIgnore);
}

void TestVectorLabelSource::describeListsLayers()
{
    const QString path = m_dir.filePath(QStringLiteral("two.gpkg"));
    QVERIFY(writeLayer(path, "GPKG", QStringLiteral("EPSG:32725"), classFields, twoSquares, "fields"));
    QVERIFY(writeLayer(path, "GPKG", QStringLiteral("EPSG:4326"), { { "id", OFTInteger } },
                       { { "POINT(-33 -8)", { 1 } } }, "wells", wkbPoint, true));
    const std::vector<VectorLayerInfo> layers = VectorLabelSource::describe(path);
    QCOMPARE(layers.size(), std::size_t(2));
    QCOMPARE(layers[0].name, QStringLiteral("fields"));
    QCOMPARE(layers[0].geometryType, QStringLiteral("Polygon"));
    QCOMPARE(layers[0].featureCount, qint64(2));
    QCOMPARE(layers[0].crs.authorityCode, QStringLiteral("EPSG:32725"));
    QCOMPARE(layers[0].fields, (QStringList { QStringLiteral("class_id"), QStringLiteral("landuse") }));
    // The union of both squares.
    QCOMPARE(layers[0].extent.left(), 500030.0);
    QCOMPARE(layers[0].extent.right(), 500270.0);
    QCOMPARE(layers[0].extent.top(), 9119730.0);
    QCOMPARE(layers[0].extent.bottom(), 9119970.0);
    QCOMPARE(layers[1].name, QStringLiteral("wells"));
    QCOMPARE(layers[1].geometryType, QStringLiteral("Point"));
    QCOMPARE(layers[1].crs.authorityCode, QStringLiteral("EPSG:4326"));
}

void TestVectorLabelSource::missingFile()
{
    const QString path = m_dir.filePath(QStringLiteral("absent.gpkg"));
    QString errorPath;
    const QString cause = dataErrorCause(
        [&] { VectorLabelSource::rasterize(path, QStringLiteral("class_id"), utmGrid()); }, &errorPath);
    QCOMPARE(errorPath, path);
    QCOMPARE(cause, QStringLiteral("file not found"));
    QCOMPARE(dataErrorCause([&] { VectorLabelSource::describe(path); }), QStringLiteral("file not found"));
}

void TestVectorLabelSource::corruptFiles()
{
    const QString garbage = m_dir.filePath(QStringLiteral("garbage.gpkg"));
    {
        QFile file(garbage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
    }
    QString errorPath;
    QString cause = dataErrorCause(
        [&] { VectorLabelSource::rasterize(garbage, QStringLiteral("class_id"), utmGrid()); }, &errorPath);
    QCOMPARE(errorPath, garbage);
    QVERIFY2(cause.startsWith(QLatin1String("cannot open as a vector file")), qPrintable(cause));

    // A GeoJSON cut off in the middle of its first polygon.
    const QString truncated = m_dir.filePath(QStringLiteral("truncated.geojson"));
    {
        QFile file(truncated);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"class_id": 1},
                      "geometry": {"type": "Polygon", "coordinates": [[[-33.0, -7.96], [-32.99, -7.96)");
    }
    cause = dataErrorCause(
        [&] { VectorLabelSource::rasterize(truncated, QStringLiteral("class_id"), utmGrid()); }, &errorPath);
    QCOMPARE(errorPath, truncated);
    QVERIFY2(cause.startsWith(QLatin1String("cannot open as a vector file")), qPrintable(cause));

    // A GeoPackage whose second half is gone.
    const QString cut = m_dir.filePath(QStringLiteral("cut.gpkg"));
    QVERIFY(QFile::copy(m_utmPath, cut));
    {
        QFile file(cut);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(file.size() / 2));
    }
    cause = dataErrorCause([&] { VectorLabelSource::rasterize(cut, QStringLiteral("class_id"), utmGrid()); },
                           &errorPath);
    QCOMPARE(errorPath, cut);
    QVERIFY2(!cause.isEmpty(), "a truncated GeoPackage must be a DataError");
}

void TestVectorLabelSource::rasterIsNotAVectorFile()
{
    const QString path = test::samplePath(QStringLiteral("tif/lc.tif"));
    QVERIFY(dataErrorCause([&] {
                VectorLabelSource::describe(path);
            }).startsWith(QLatin1String("cannot open as a vector file")));
}

void TestVectorLabelSource::unknownLayerListsLayers()
{
    const QString cause = dataErrorCause([&] {
        VectorLabelSource::rasterize(m_utmPath, QStringLiteral("class_id"), utmGrid(),
                                     QStringLiteral("roads"));
    });
    QCOMPARE(cause, QStringLiteral("no layer named 'roads' (layers: labels)"));
}

void TestVectorLabelSource::unknownFieldListsFields()
{
    QString errorPath;
    const QString cause = dataErrorCause(
        [&] { VectorLabelSource::rasterize(m_utmPath, QStringLiteral("klass"), utmGrid()); }, &errorPath);
    QCOMPARE(errorPath, m_utmPath);
    QCOMPARE(cause,
             QStringLiteral("layer 'labels' has no field 'klass' (available fields: class_id, landuse)"));
}

void TestVectorLabelSource::layerWithoutCrs()
{
    // A shapefile without its .prj has no CRS; guessing one would silently misplace every label.
    const QString path = m_dir.filePath(QStringLiteral("nocrs.shp"));
    QVERIFY(writeLayer(path, "ESRI Shapefile", QString(), classFields, twoSquares));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("nocrs.prj"))));
    QString errorPath;
    const QString cause = dataErrorCause(
        [&] { VectorLabelSource::rasterize(path, QStringLiteral("class_id"), utmGrid()); }, &errorPath);
    QCOMPARE(errorPath, path);
    QVERIFY2(cause.contains(QLatin1String("has no CRS while the image is in EPSG:32725")), qPrintable(cause));

    // Without a CRS on either side the coordinates are taken as they are.
    RasterGrid grid = utmGrid();
    grid.crs = CrsInfo();
    QCOMPARE(VectorLabelSource::rasterize(path, QStringLiteral("class_id"), grid).labelledCount(),
             std::size_t(25));
}

void TestVectorLabelSource::imageWithoutCrs()
{
    RasterGrid grid = utmGrid();
    grid.crs = CrsInfo();
    const QString cause
        = dataErrorCause([&] { VectorLabelSource::rasterize(m_utmPath, QStringLiteral("class_id"), grid); });
    QVERIFY2(cause.contains(QLatin1String("the image has no CRS")), qPrintable(cause));
}

void TestVectorLabelSource::emptyLayer()
{
    const QString path = m_dir.filePath(QStringLiteral("empty.gpkg"));
    QVERIFY(writeLayer(path, "GPKG", QStringLiteral("EPSG:32725"), classFields, {}));
    QString errorPath;
    const QString cause = dataErrorCause(
        [&] { VectorLabelSource::rasterize(path, QStringLiteral("class_id"), utmGrid()); }, &errorPath);
    QCOMPARE(errorPath, path);
    QCOMPARE(cause, QStringLiteral("layer 'labels' holds no features"));
}

void TestVectorLabelSource::labelsOutsideTheImage()
{
    // The squares 100 km east of the image.
    const QString path = m_dir.filePath(QStringLiteral("faraway.gpkg"));
    QVERIFY(writeLayer(path, "GPKG", QStringLiteral("EPSG:32725"), classFields,
                       { { square(600030, 9119970, 600120, 9119880), { 1, QStringLiteral("water") } } }));
    QString errorPath;
    const QString cause = dataErrorCause(
        [&] { VectorLabelSource::rasterize(path, QStringLiteral("class_id"), utmGrid()); }, &errorPath);
    QCOMPARE(errorPath, path);
    QVERIFY2(cause.startsWith(
                 QLatin1String("the labels do not overlap the image: they cover x 600030.0 to 600120.0")),
             qPrintable(cause));
    QVERIFY2(cause.contains(QLatin1String(
                 "the image covers x 500000.0 to 500300.0, y 9119700.0 to 9120000.0 (in EPSG:32725)")),
             qPrintable(cause));

    // The same in another CRS: the message gives both extents in the image's CRS.
    const QString wgs84 = m_dir.filePath(QStringLiteral("faraway4326.gpkg"));
    QVERIFY(writeLayer(wgs84, "GPKG", QStringLiteral("EPSG:4326"), classFields,
                       { { square(10, 50, 10.01, 49.99), { 1, QStringLiteral("water") } } }));
    QVERIFY(dataErrorCause([&] {
                VectorLabelSource::rasterize(wgs84, QStringLiteral("class_id"), utmGrid());
            }).startsWith(QLatin1String("the labels do not overlap the image")));
}

void TestVectorLabelSource::pointsAreNotLabels()
{
    const QString path = m_dir.filePath(QStringLiteral("points.gpkg"));
    QVERIFY(writeLayer(path, "GPKG", QStringLiteral("EPSG:32725"), { { "class_id", OFTInteger } },
                       { { "POINT(500100 9119900)", { 1 } } }, "labels", wkbPoint));
    QCOMPARE(
        dataErrorCause([&] { VectorLabelSource::rasterize(path, QStringLiteral("class_id"), utmGrid()); }),
        QStringLiteral("layer 'labels' holds Point geometries: labels must be polygons"));

    // A layer of any geometry type is checked feature by feature.
    const QString mixed = m_dir.filePath(QStringLiteral("mixed.geojson"));
    QVERIFY(writeLayer(mixed, "GeoJSON", QStringLiteral("EPSG:32725"), { { "class_id", OFTInteger } },
                       { { squareA, { 1 } }, { "LINESTRING(500000 9119900,500300 9119900)", { 2 } } },
                       "labels", wkbUnknown));
    QVERIFY2(dataErrorCause([&] {
                 VectorLabelSource::rasterize(mixed, QStringLiteral("class_id"), utmGrid());
             }).contains(QLatin1String("is a LINESTRING: labels must be polygons")),
             "a line among polygons must be named");
}

void TestVectorLabelSource::polygonsBetweenPixelCentres()
{
    // A 10 m square inside pixel (1, 1) that does not reach its centre (500045, 9119955).
    const QString path = m_dir.filePath(QStringLiteral("tiny.gpkg"));
    QVERIFY(writeLayer(path, "GPKG", QStringLiteral("EPSG:32725"), { { "class_id", OFTInteger } },
                       { { square(500032, 9119968, 500042, 9119958), { 1 } } }));
    QVERIFY(dataErrorCause([&] {
                VectorLabelSource::rasterize(path, QStringLiteral("class_id"), utmGrid());
            }).contains(QLatin1String("contain no pixel centre")));
}

void TestVectorLabelSource::noFeatureHasAClass()
{
    const QString path = m_dir.filePath(QStringLiteral("noclass.gpkg"));
    QVERIFY(writeLayer(path, "GPKG", QStringLiteral("EPSG:32725"), classFields,
                       { { squareA, { QVariant(), QVariant() } } }));
    QCOMPARE(
        dataErrorCause([&] { VectorLabelSource::rasterize(path, QStringLiteral("landuse"), utmGrid()); }),
        QStringLiteral("no feature of layer 'labels' has a value in field 'landuse'"));
}

void TestVectorLabelSource::nonIntegerClassValue()
{
    const QString path = m_dir.filePath(QStringLiteral("fraction.gpkg"));
    QVERIFY(writeLayer(path, "GPKG", QStringLiteral("EPSG:32725"), { { "cls", OFTReal } },
                       { { squareA, { 2.5 } } }));
    const QString cause
        = dataErrorCause([&] { VectorLabelSource::rasterize(path, QStringLiteral("cls"), utmGrid()); });
    QVERIFY2(cause.contains(QLatin1String("holds 2.5")), qPrintable(cause));
}

QTEST_GUILESS_MAIN(TestVectorLabelSource)
#include "testvectorlabelsource.moc"
