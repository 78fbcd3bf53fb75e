#include "common/dataerror.h"
#include "series/csvseriesreader.h"
#include "series/netcdfcube.h"
#include "series/seriesorigin.h"
#include "testdata.h"

#include <QJsonArray>
#include <QtTest>

#include <cmath>

using namespace deepterra;

class TestSeriesOrigin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void csvPathsPassThrough();
    void netCdfPointAndBoxRoundTrip();
    void layerPropertiesRoundTrip();
    void readsTheCellAndTheBoxMean();
    void malformedSourcesAreRefused();
    void aGridWithoutPlaceIsRefused();
};

namespace {
const QString stageiv = QStringLiteral("nc/test_stageiv_xyt.nc");
const QString precipitation = QStringLiteral("Total_precipitation_surface_1_Hour_Accumulation");
} // namespace

void TestSeriesOrigin::csvPathsPassThrough()
{
    const QString csv = test::samplePath(QStringLiteral("datasets/co2/co2.csv"));
    const SeriesOrigin source = SeriesOrigin::parse(csv);
    QVERIFY(!source.isNetCdf());
    QCOMPARE(source.filePath(), csv);
    QCOMPARE(source.toString(), csv);
    QVERIFY(source.layerProperties().isEmpty());
    const TimeSeries read = source.read();
    const TimeSeries direct = CsvSeriesReader::read(csv);
    QCOMPARE(read.rowCount(), direct.rowCount());
    QCOMPARE(read.columnNames(), direct.columnNames());
    QCOMPARE(read.source, csv);
}

void TestSeriesOrigin::netCdfPointAndBoxRoundTrip()
{
    const SeriesOrigin point
        = SeriesOrigin::parse(QStringLiteral("NETCDF:\"/data/my file.nc\":sst?lon=-30.5&lat=12.25"));
    QVERIFY(point.isNetCdf());
    QCOMPARE(point.filePath(), QStringLiteral("/data/my file.nc"));
    QCOMPARE(point.variable(), QStringLiteral("sst"));
    QCOMPARE(point.toString(), QStringLiteral("NETCDF:\"/data/my file.nc\":sst?lon=-30.5&lat=12.25"));

    const SeriesOrigin box
        = SeriesOrigin::parse(QStringLiteral("NETCDF:/data/sst.nc:sst?box=-40,10,-20,20.5"));
    QCOMPARE(box.filePath(), QStringLiteral("/data/sst.nc"));
    QCOMPARE(box.toString(), QStringLiteral("NETCDF:\"/data/sst.nc\":sst?box=-40,10,-20,20.5"));
    QCOMPARE(SeriesOrigin::parse(box.toString()).toString(), box.toString());
    QCOMPARE(point.description(), QStringLiteral("sst at 12.250° N, 30.500° W"));
    QCOMPARE(box.description(),
             QStringLiteral("sst, mean over 10.000° N to 20.500° N, 40.000° W to 20.000° W"));
    // 0..360 longitudes read as east and west.
    QCOMPARE(SeriesOrigin::netCdfAtPoint(QStringLiteral("a.nc"), QStringLiteral("t"), { 280.0, -5.0 })
                 .description(),
             QStringLiteral("t at 5.000° S, 80.000° W"));
}

void TestSeriesOrigin::layerPropertiesRoundTrip()
{
    const SeriesOrigin box = SeriesOrigin::netCdfMeanOver(QStringLiteral("/d/a.nc"), QStringLiteral("tas"),
                                                          QRectF(QPointF(-81, 35), QPointF(-79, 37)));
    const QJsonObject properties = box.layerProperties();
    QCOMPARE(properties.value(QStringLiteral("variable")).toString(), QStringLiteral("tas"));
    QCOMPARE(properties.value(QStringLiteral("box")).toArray(), (QJsonArray { -81, 35, -79, 37 }));
    QCOMPARE(SeriesOrigin::ofLayer(QStringLiteral("/d/a.nc"), properties).toString(), box.toString());

    const SeriesOrigin point
        = SeriesOrigin::netCdfAtPoint(QStringLiteral("/d/a.nc"), QStringLiteral("tas"), { -80.5, 35.25 });
    QCOMPARE(point.layerProperties().value(QStringLiteral("lon")).toDouble(), -80.5);
    QCOMPARE(SeriesOrigin::ofLayer(QStringLiteral("/d/a.nc"), point.layerProperties()).toString(),
             QStringLiteral("NETCDF:\"/d/a.nc\":tas?lon=-80.5&lat=35.25"));
    // A CSV layer's properties (dateColumn, ...) name no variable.
    QVERIFY(!SeriesOrigin::ofLayer(QStringLiteral("/d/a.csv"),
                                   { { QStringLiteral("dateColumn"), QStringLiteral("date") } })
                 .isNetCdf());
}

void TestSeriesOrigin::readsTheCellAndTheBoxMean()
{
    const QString path = test::samplePath(stageiv);
    const NetCdfCube cube = NetCdfCube::open(path, precipitation);

    const SeriesOrigin point = SeriesOrigin::netCdfAtPoint(path, precipitation, { -77.96, 35.0 });
    const TimeSeries atPoint = point.read();
    QCOMPARE(atPoint.source, point.toString());
    QCOMPARE(atPoint.times, cube.times());
    QCOMPARE(atPoint.columnNames(), QStringList { precipitation });
    // TestNetCdfCube checks these 23 values against GDAL and numpy.
    QCOMPARE(atPoint.columns.front().values, cube.seriesAtLonLat(-77.96, 35.0).columns.front().values);
    QVERIFY(std::abs(atPoint.columns.front().values.at(3) - 3.13) < 1e-5);

    const QRectF area(QPointF(-78.5, 34.5), QPointF(-77.5, 35.5));
    const TimeSeries mean
        = SeriesOrigin::parse(SeriesOrigin::netCdfMeanOver(path, precipitation, area).toString()).read();
    QCOMPARE(mean.columns.front().values, cube.meanOverLonLatBox(area).columns.front().values);
    QVERIFY(std::abs(mean.columns.front().values.at(0) - 0.8358386158943176) < 1e-5);
}

void TestSeriesOrigin::malformedSourcesAreRefused()
{
    const QStringList bad {
        QStringLiteral("NETCDF:\"a.nc\":sst"), // no place
        QStringLiteral("NETCDF:\"a.nc\":sst?lon=1"), // no latitude
        QStringLiteral("NETCDF:\"a.nc\":sst?lon=x&lat=2"),
        QStringLiteral("NETCDF:\"a.nc\":sst?lon=1&lat=95"),
        QStringLiteral("NETCDF:\"a.nc\":sst?box=1,2,3"),
        QStringLiteral("NETCDF:\"a.nc\":sst?box=3,2,1,4"), // west east of east
        QStringLiteral("NETCDF:?lon=1&lat=2"),
    };
    for (const QString &text : bad) {
        QString path;
        const QString cause = test::dataErrorCause([&] { SeriesOrigin::parse(text); }, &path);
        QCOMPARE(path, text);
        QVERIFY2(cause.contains(QLatin1String("a NetCDF series is written")), qPrintable(cause));
    }
}

void TestSeriesOrigin::aGridWithoutPlaceIsRefused()
{
    const QString path = test::samplePath(stageiv);
    const SeriesOrigin grid = SeriesOrigin::ofLayer(path, { { QStringLiteral("variable"), precipitation } });
    QString named;
    const QString cause = test::dataErrorCause([&] { grid.read(); }, &named);
    QCOMPARE(named, path);
    QVERIFY2(cause.contains(QLatin1String("at a point (lon, lat) or as the mean over a box")),
             qPrintable(cause));
    // A point off the grid names the file.
    named.clear();
    QCOMPARE(test::dataErrorCause(
                 [&] {
                     SeriesOrigin::netCdfAtPoint(path, precipitation, { -100, 40 }).read();
                 },
                 &named),
             QStringLiteral("lon -100, lat 40 lies outside the grid"));
    QCOMPARE(named, path);
}

QTEST_GUILESS_MAIN(TestSeriesOrigin)
#include "testseriesorigin.moc"
