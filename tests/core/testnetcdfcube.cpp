#include "common/dataerror.h"
#include "common/qtcompat.h"
#include "series/netcdfcube.h"
#include "series/seriesfrequency.h"
#include "testdata.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>
#include <ogr_srs_api.h>

#include <cmath>

using namespace deepterra;

class TestNetCdfCube : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stageivVariables();
    void stageivCubeHasHourlyTimes();
    void stageivPointSeries();
    void stageivAreaMean();
    void lonLatBoxMeans();
    void outsideIsAnError();
    void bcsdMonthEndsAndOneDimensionalAxes();
    void borkedStageivOpensButCannotPlaceLonLat();
    void crsGridNoDataAndNoLeapCalendar();
    void packedValuesAreUnpacked();
    void noTimeAxisIsAnError();
    void undecodableTimesAreErrors();
    void badFilesNameTheFile();

private:
    QTemporaryDir m_dir;
};

namespace {
const QString stageivVariable = QStringLiteral("Total_precipitation_surface_1_Hour_Accumulation");

QDateTime utc(int y, int m, int d, int h = 0)
{
    return utcDateTime(QDate(y, m, d), QTime(h, 0));
}

void compareValues(const std::vector<double> &actual, const std::vector<double> &expected,
                   double tolerance = 1e-6)
{
    QCOMPARE(actual.size(), expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i)
        QVERIFY2(
            std::abs(actual[i] - expected[i]) <= tolerance,
            qPrintable(QStringLiteral("value %1: %2 instead of %3").arg(i).arg(actual[i]).arg(expected[i])));
}

template<typename F> DataError expectDataError(F &&call)
{
    try {
        call();
    } catch (const DataError &error) {
        return error;
    }
    return DataError(QStringLiteral("<none>"), QStringLiteral("no DataError was thrown"));
}

// A 4 x 3 UTM 25S grid, band b (0-based) holding 100 b + (row * 4 + column), cell (0, 0) NoData
// (-9999), written by GDAL's netCDF driver. With times, the bands become a (time, y, x) variable.
struct CubeSpec
{
    int bands = 3;
    bool withTime = true;
    QString units = QStringLiteral("days since 2004-02-28");
    QString calendar = QStringLiteral("noleap");
    QString timeValues = QStringLiteral("{0,1,2}");
    GDALDataType dataType = GDT_Float32;
    double scale = 1.0; // written as scale_factor / add_offset when not 1 / 0
    double offset = 0.0;
};

QString writeCube(const QString &path, const CubeSpec &spec)
{
    GDALAllRegister();
    GDALDatasetH mem = GDALCreate(GDALGetDriverByName("MEM"), "", 4, 3, spec.bands, spec.dataType, nullptr);
    double gt[6] = { 500000.0, 30.0, 0.0, 9120000.0, 0.0, -30.0 };
    GDALSetGeoTransform(mem, gt);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, 32725);
    GDALSetSpatialRef(mem, srs);
    OSRDestroySpatialReference(srs);
    for (int b = 0; b < spec.bands; ++b) {
        std::vector<float> values(12);
        for (int i = 0; i < 12; ++i)
            values[std::size_t(i)] = float(100 * b + i);
        values[0] = -9999.0f;
        GDALRasterBandH band = GDALGetRasterBand(mem, b + 1);
        GDALSetRasterNoDataValue(band, -9999.0);
        if (spec.scale != 1.0 || spec.offset != 0.0) {
            GDALSetRasterScale(band, spec.scale);
            GDALSetRasterOffset(band, spec.offset);
        }
        if (GDALRasterIO(band, GF_Write, 0, 0, 4, 3, values.data(), 4, 3, GDT_Float32, 0, 0) != CE_None)
            return {};
    }
    if (spec.withTime) {
        GDALSetMetadataItem(mem, "NETCDF_DIM_EXTRA", "{time}", nullptr);
        GDALSetMetadataItem(mem, "NETCDF_DIM_time_DEF",
                            QStringLiteral("{%1,6}").arg(spec.bands).toUtf8().constData(), nullptr);
        GDALSetMetadataItem(mem, "NETCDF_DIM_time_VALUES", spec.timeValues.toUtf8().constData(), nullptr);
        GDALSetMetadataItem(mem, "time#units", spec.units.toUtf8().constData(), nullptr);
        GDALSetMetadataItem(mem, "time#calendar", spec.calendar.toUtf8().constData(), nullptr);
    }
    GDALDatasetH out = GDALCreateCopy(GDALGetDriverByName("netCDF"), path.toUtf8().constData(), mem, FALSE,
                                      nullptr, nullptr, nullptr);
    GDALClose(mem);
    if (!out)
        return {};
    GDALClose(out);
    return path;
}
} // namespace

void TestNetCdfCube::stageivVariables()
{
    const std::vector<NetCdfVariable> variables
        = NetCdfCube::listVariables(test::samplePath(QStringLiteral("nc/test_stageiv_xyt.nc")));
    // gdalmdiminfo: arrays Total_precipitation_surface_1_Hour_Accumulation (time, y, x), lat and
    // lon (y, x), time (time); sizes time 23, y 118, x 87; time values 146396..146418
    // "Hour since 2001-12-31T23:00:00Z" = 2018-09-13 19:00 .. 2018-09-14 17:00 (python datetime).
    QCOMPARE(int(variables.size()), 4);
    const NetCdfVariable &precipitation = variables.at(0);
    QCOMPARE(precipitation.name, stageivVariable);
    QCOMPARE(precipitation.dimensions, (QStringList { "time", "y", "x" }));
    QCOMPARE(precipitation.width, 87);
    QCOMPARE(precipitation.height, 118);
    QVERIFY(precipitation.hasTimeAxis);
    QCOMPARE(precipitation.timeSteps, 23);
    QCOMPARE(precipitation.timeUnits, QStringLiteral("Hour since 2001-12-31T23:00:00Z"));
    QCOMPARE(precipitation.calendar, QStringLiteral("proleptic_gregorian"));
    QCOMPARE(precipitation.firstTime, utc(2018, 9, 13, 19));
    QCOMPARE(precipitation.lastTime, utc(2018, 9, 14, 17));
    QCOMPARE(precipitation.units, QStringLiteral("kg m^-2"));
    QCOMPARE(precipitation.longName,
             QStringLiteral("Total precipitation (1_Hour Accumulation) @ Ground or water surface"));
    QVERIFY(precipitation.isGridded());

    const NetCdfVariable &lat = variables.at(1);
    QCOMPARE(lat.name, QStringLiteral("lat"));
    QCOMPARE(lat.dimensions, (QStringList { "y", "x" }));
    QVERIFY(!lat.hasTimeAxis);
    QCOMPARE(lat.units, QStringLiteral("degrees_north"));
    const NetCdfVariable &time = variables.at(3);
    QCOMPARE(time.name, QStringLiteral("time"));
    QVERIFY(!time.isGridded());
}

void TestNetCdfCube::stageivCubeHasHourlyTimes()
{
    const NetCdfCube cube = NetCdfCube::open(test::samplePath(QStringLiteral("nc/test_stageiv_xyt.nc")));
    QCOMPARE(cube.variable().name, stageivVariable);
    QCOMPARE(int(cube.times().size()), 23);
    for (int i = 0; i < 23; ++i)
        QCOMPARE(cube.times().at(std::size_t(i)), utc(2018, 9, 13, 19).addSecs(qint64(3600) * i));
    QCOMPARE(SeriesFrequency::detect(cube.times()).label(), QStringLiteral("hourly"));
    // gdalinfo: Size is 87, 118, no coordinate system, no geotransform (only geolocation arrays).
    const RasterGrid grid = cube.grid();
    QCOMPARE(grid.width, 87);
    QCOMPARE(grid.height, 118);
    QVERIFY(!grid.crs.isValid());
    QCOMPARE(grid.geoTransform, GeoTransform());
}

void TestNetCdfCube::stageivPointSeries()
{
    const QString path = test::samplePath(QStringLiteral("nc/test_stageiv_xyt.nc"));
    const NetCdfCube cube = NetCdfCube::open(path, stageivVariable);
    // python3 + osgeo.gdal: Open('NETCDF:"test_stageiv_xyt.nc":Total_precipitation_...')
    // .ReadAsArray()[:, 60, 40] (row 60, column 40 of GDAL's north-up rows).
    const std::vector<double> expected { 0.0,  0.75, 0.0,  3.13,  0.0,   0.75, 2.75, 3.5,
                                         6.13, 3.13, 7.25, 14.13, 12.63, 5.25, 8.38, 1.13,
                                         7.5,  5.5,  6.25, 7.75,  15.25, 7.63, 3.0 };
    const TimeSeries atPixel = cube.seriesAtMapPoint(QPointF(40.5, 60.5));
    QCOMPARE(atPixel.times, cube.times());
    QCOMPARE(atPixel.columns.front().name, stageivVariable);
    QVERIFY(atPixel.source.startsWith(path));
    compareValues(atPixel.columns.front().values, expected, 1e-5);

    // python3 + osgeo.gdal multidimensional API (raw file order, no flipping): the cell with the
    // smallest haversine distance to lon -77.96, lat 35.0 is y 57, x 40 (lon -77.96596,
    // lat 35.002865, 0.63 km away); its 23 values equal the ones above (row 60 = 117 - 57).
    const TimeSeries atLonLat = cube.seriesAtLonLat(-77.96, 35.0);
    compareValues(atLonLat.columns.front().values, expected, 1e-5);
    QVERIFY(atLonLat.source.contains(QLatin1String("lon -77.96, lat 35")));
}

void TestNetCdfCube::stageivAreaMean()
{
    const NetCdfCube cube = NetCdfCube::open(test::samplePath(QStringLiteral("nc/test_stageiv_xyt.nc")));
    // numpy over GDAL's ReadAsArray() (no NaN cells in this file): a.mean(axis=(1,2)) starts
    // 2.404792, 2.790567, 2.297637 and is 5.061320808 at step 10.
    const TimeSeries whole = cube.areaMean();
    QCOMPARE(whole.rowCount(), 23);
    const std::vector<double> &w = whole.columns.front().values;
    compareValues({ w[0], w[1], w[2], w[10] }, { 2.404792, 2.790567, 2.297637, 5.061320808183234 }, 1e-5);

    // Pixel rectangle x 10..40, y 20..60: centres of columns 10..39 and rows 20..59, numpy
    // a[:, 20:60, 10:40].mean(axis=(1,2)) at steps 0, 10, 22.
    const TimeSeries part = cube.areaMean(QRectF(10, 20, 30, 40));
    const std::vector<double> &p = part.columns.front().values;
    compareValues({ p[0], p[10], p[22] }, { 0.7710999927918116, 1.2284499877691268, 3.5116333013772962 },
                  1e-6);
}

void TestNetCdfCube::lonLatBoxMeans()
{
    // Stage IV has 2-D lat/lon arrays and no CRS. python3 + osgeo.gdal multidimensional API: the
    // 632 cells with lon -78.5..-77.5 and lat 34.5..35.5; numpy nanmean at steps 0, 10 and 22.
    const NetCdfCube stageiv = NetCdfCube::open(test::samplePath(QStringLiteral("nc/test_stageiv_xyt.nc")));
    const TimeSeries box = stageiv.meanOverLonLatBox(QRectF(QPointF(-78.5, 34.5), QPointF(-77.5, 35.5)));
    const std::vector<double> &b = box.columns.front().values;
    QCOMPARE(b.size(), std::size_t(23));
    compareValues({ b[0], b[10], b[22] }, { 0.8358386158943176, 4.931107521057129, 5.7509331703186035 },
                  1e-5);
    QVERIFY2(box.source.contains(QLatin1String("mean over lon -78.5 to -77.5, lat 34.5 to 35.5")),
             qPrintable(box.source));

    // BCSD has 1-D axes: tas over lat 35..37 and lon -81..-79 (256 cells, none NaN), numpy mean
    // at months 1, 7 and 12; the same box in 0..360 longitudes reads the same cells.
    const NetCdfCube bcsd
        = NetCdfCube::open(test::samplePath(QStringLiteral("nc/bcsd_obs_1999.nc")), QStringLiteral("tas"));
    const std::vector<double> expected { 6.073477832367644, 25.872093588113785, 5.671326852403581 };
    for (const double shift : { 0.0, 360.0 }) {
        const TimeSeries tas
            = bcsd.meanOverLonLatBox(QRectF(QPointF(-81 + shift, 35), QPointF(-79 + shift, 37)));
        const std::vector<double> &t = tas.columns.front().values;
        compareValues({ t[0], t[6], t[11] }, expected, 1e-5);
    }

    // A projected grid (UTM 25S): python3 osr puts the centres of columns 2..3, rows 1..2 at lon
    // -32.99932 and -32.99905, lat -7.96153 and -7.96180; those cells hold 6, 7, 10 and 11 (+100 b).
    const QString path = writeCube(m_dir.filePath(QStringLiteral("box.nc")), CubeSpec());
    QVERIFY(!path.isEmpty());
    const NetCdfCube utm = NetCdfCube::open(path);
    compareValues(utm.meanOverLonLatBox(QRectF(QPointF(-32.99945, -7.9619), QPointF(-32.9989, -7.9614)))
                      .columns.front()
                      .values,
                  { 8.5, 108.5, 208.5 });

    const DataError e
        = expectDataError([&] { bcsd.meanOverLonLatBox(QRectF(QPointF(10, 10), QPointF(11, 11))); });
    QCOMPARE(e.path(), test::samplePath(QStringLiteral("nc/bcsd_obs_1999.nc")));
    QCOMPARE(e.cause(),
             QStringLiteral("the box of lon 10 to 11, lat 10 to 11 contains no cell centre of variable tas"));
}

void TestNetCdfCube::outsideIsAnError()
{
    const QString path = test::samplePath(QStringLiteral("nc/test_stageiv_xyt.nc"));
    const NetCdfCube cube = NetCdfCube::open(path);
    DataError e = expectDataError([&] { cube.seriesAtMapPoint(QPointF(-1, 5)); });
    QCOMPARE(e.path(), path);
    QVERIFY2(e.cause().contains(QLatin1String("outside")), qPrintable(e.cause()));
    // gdalinfo / numpy: the lon/lat arrays span lon -80.6..-74.9, lat 32.4..37.6.
    e = expectDataError([&] { cube.seriesAtLonLat(-100.0, 40.0); });
    QCOMPARE(e.path(), path);
    QCOMPARE(e.cause(), QStringLiteral("lon -100, lat 40 lies outside the grid"));
    e = expectDataError([&] { cube.areaMean(QRectF(200, 200, 10, 10)); });
    QCOMPARE(e.path(), path);
    QVERIFY2(e.cause().contains(QLatin1String("contains no cell centre")), qPrintable(e.cause()));
}

void TestNetCdfCube::bcsdMonthEndsAndOneDimensionalAxes()
{
    const QString path = test::samplePath(QStringLiteral("nc/bcsd_obs_1999.nc"));
    // The first gridded variable with a time axis in file order (latitude, longitude, pr, tas).
    QCOMPARE(NetCdfCube::open(path).variable().name, QStringLiteral("pr"));

    const NetCdfCube cube = NetCdfCube::open(path, QStringLiteral("tas"));
    // time = 17927, 17955, ... "days since 1950-01-01 00:00:00": python datetime gives the
    // month ends 1999-01-31 .. 1999-12-31.
    QCOMPARE(int(cube.times().size()), 12);
    for (int m = 1; m <= 12; ++m)
        QCOMPARE(cube.times().at(std::size_t(m - 1)), utc(1999, m, QDate(1999, m, 1).daysInMonth()));
    QCOMPARE(SeriesFrequency::detect(cube.times()).label(), QStringLiteral("monthly"));
    QCOMPARE(cube.variable().longName, QStringLiteral("monthly_avg_tas"));

    // python3 multidimensional API (raw order): latitude[28] = 36.5625 is nearest to 36.55,
    // longitude[40] = -79.9375 to -79.95; tas[:, 28, 40]:
    const std::vector<double> expected { 4.679999828338623,  5.038035869598389,  6.367258071899414,
                                         14.433833122253418, 17.539838790893555, 21.494333267211914,
                                         25.448225021362305, 24.422258377075195, 18.997499465942383,
                                         12.887903213500977, 10.946833610534668, 5.164515972137451 };
    compareValues(cube.seriesAtLonLat(-79.95, 36.55).columns.front().values, expected);
    // 0..360 longitudes reach the same cell.
    compareValues(cube.seriesAtLonLat(-79.95 + 360.0, 36.55).columns.front().values, expected);

    // 593 cells per month are NaN (ocean): numpy nanmean over tas, months 1, 7 and 12.
    const TimeSeries areaMean = cube.areaMean();
    const std::vector<double> &mean = areaMean.columns.front().values;
    compareValues({ mean[0], mean[6], mean[11] },
                  { 7.028770404531119, 25.890261552884027, 6.234856156240969 });
}

void TestNetCdfCube::borkedStageivOpensButCannotPlaceLonLat()
{
    // The borked sample holds step 146406 (2018-09-14 05:00, index 10) of the good file, identical data
    // (numpy array_equal), but its lat/lon variables are stored as (x, y) while the data are
    // (time, y, x). GDAL's geolocation arrays then do not fit the grid, so the cube opens and
    // reads, but a lon/lat point is refused instead of being placed on a wrong cell.
    const QString path = test::samplePath(QStringLiteral("nc/test_stageiv_xyt_borked.nc"));
    const NetCdfCube cube = NetCdfCube::open(path);
    QCOMPARE(cube.variable().name, stageivVariable);
    QCOMPARE(cube.times(), std::vector<QDateTime> { utc(2018, 9, 14, 5) });
    compareValues(cube.areaMean().columns.front().values, { 5.061320808183234 }, 1e-5);
    compareValues(cube.seriesAtMapPoint(QPointF(40.5, 60.5)).columns.front().values, { 7.25 }, 1e-5);
    const DataError e = expectDataError([&] { cube.seriesAtLonLat(-77.96, 35.0); });
    QCOMPARE(e.path(), path);
    QVERIFY2(e.cause().startsWith(
                 QLatin1String("the lon/lat coordinate variables are 118 x 87 but the grid is 87 x 118")),
             qPrintable(e.cause()));
}

void TestNetCdfCube::crsGridNoDataAndNoLeapCalendar()
{
    const QString path = writeCube(m_dir.filePath(QStringLiteral("cube.nc")), CubeSpec());
    QVERIFY(!path.isEmpty());
    const NetCdfCube cube = NetCdfCube::open(path);
    QCOMPARE(cube.variable().name, QStringLiteral("Band1"));
    // noleap by hand: 2004-02-28 + 1 day is March 1st (no Feb 29), + 2 days March 2nd.
    QCOMPARE(cube.times(), (std::vector<QDateTime> { utc(2004, 2, 28), utc(2004, 3, 1), utc(2004, 3, 2) }));
    QCOMPARE(cube.grid().crs.authorityCode, QStringLiteral("EPSG:32725"));

    // python3 osr: the centre of column 2, row 1 (500075, 9119955 in UTM 25S) is lon
    // -32.9993194779, lat -7.9615305683; its values are 100 b + 6.
    compareValues(cube.seriesAtLonLat(-32.9993194779, -7.9615305683).columns.front().values, { 6, 106, 206 });
    // Cell (0, 0) is NoData in every band.
    const TimeSeries noData = cube.seriesAtMapPoint(QPointF(500010, 9119990));
    QCOMPARE(noData.columns.front().missingCount(), 3);
    // Whole-grid mean skips the NoData cell: mean(1..11) = 6, plus 100 b.
    compareValues(cube.areaMean().columns.front().values, { 6, 106, 206 });
    // The right two columns of the bottom two rows: cells 6, 7, 10, 11 -> 8.5 + 100 b.
    compareValues(
        cube.areaMean(QRectF(QPointF(500060, 9119910), QPointF(500120, 9119970))).columns.front().values,
        { 8.5, 108.5, 208.5 });
}

void TestNetCdfCube::packedValuesAreUnpacked()
{
    CubeSpec spec;
    spec.bands = 2;
    spec.timeValues = QStringLiteral("{0,1}");
    spec.dataType = GDT_Int16;
    spec.scale = 0.5;
    spec.offset = 10.0;
    const QString path = writeCube(m_dir.filePath(QStringLiteral("packed.nc")), spec);
    QVERIFY(!path.isEmpty());
    const NetCdfCube cube = NetCdfCube::open(path);
    // By hand: cell (2, 1) stores 6 and 106; x 0.5 + 10 -> 13 and 63. The NoData cell stays
    // missing; the whole-grid mean of the stored values is 6 and 106 -> 13 and 63 as well.
    compareValues(cube.seriesAtMapPoint(QPointF(500075, 9119955)).columns.front().values, { 13, 63 });
    QCOMPARE(cube.seriesAtMapPoint(QPointF(500010, 9119990)).columns.front().missingCount(), 2);
    compareValues(cube.areaMean().columns.front().values, { 13, 63 });
}

void TestNetCdfCube::noTimeAxisIsAnError()
{
    CubeSpec spec;
    spec.bands = 1;
    spec.withTime = false;
    const QString path = writeCube(m_dir.filePath(QStringLiteral("flat.nc")), spec);
    QVERIFY(!path.isEmpty());
    const std::vector<NetCdfVariable> variables = NetCdfCube::listVariables(path);
    const auto band = std::find_if(variables.begin(), variables.end(),
                                   [](const NetCdfVariable &v) { return v.name == QLatin1String("Band1"); });
    QVERIFY(band != variables.end());
    QVERIFY(!band->hasTimeAxis);
    QCOMPARE(band->dimensions, (QStringList { "y", "x" }));

    DataError e = expectDataError([&] { NetCdfCube::open(path); });
    QCOMPARE(e.path(), path);
    QVERIFY2(e.cause().startsWith(QLatin1String("no gridded variable with a time axis (variables: ")),
             qPrintable(e.cause()));
    QVERIFY(e.cause().contains(QLatin1String("Band1 (y, x)")));
    e = expectDataError([&] { NetCdfCube::open(path, QStringLiteral("Band1")); });
    QCOMPARE(e.path(), path);
    QCOMPARE(e.cause(), QStringLiteral("variable Band1 has no time axis"));

    const QString stageiv = test::samplePath(QStringLiteral("nc/test_stageiv_xyt.nc"));
    e = expectDataError([&] { NetCdfCube::open(stageiv, QStringLiteral("lat")); });
    QCOMPARE(e.cause(), QStringLiteral("variable lat has no time axis"));
    e = expectDataError([&] { NetCdfCube::open(stageiv, QStringLiteral("rain")); });
    QVERIFY2(e.cause().startsWith(QLatin1String("no variable named rain (variables: Total_precipitation")),
             qPrintable(e.cause()));
}

void TestNetCdfCube::undecodableTimesAreErrors()
{
    CubeSpec bad360;
    bad360.units = QStringLiteral("days since 2001-01-01");
    bad360.calendar = QStringLiteral("360_day");
    bad360.timeValues = QStringLiteral("{0,29,58}"); // 360_day: Jan 1, Jan 30, Feb 29 of 2001
    const QString path360 = writeCube(m_dir.filePath(QStringLiteral("day360.nc")), bad360);
    DataError e = expectDataError([&] { NetCdfCube::open(path360); });
    QCOMPARE(e.path(), path360);
    QCOMPARE(
        e.cause(),
        QStringLiteral(
            "time value 58 days since 2001-01-01 (calendar 360_day) has no date in the Gregorian calendar"));

    CubeSpec julian;
    julian.calendar = QStringLiteral("julian");
    const QString pathJulian = writeCube(m_dir.filePath(QStringLiteral("julian.nc")), julian);
    e = expectDataError([&] { NetCdfCube::open(pathJulian, QStringLiteral("Band1")); });
    QCOMPARE(e.path(), pathJulian);
    QVERIFY2(e.cause().startsWith(
                 QLatin1String("variable Band1 has no usable time axis: unsupported calendar 'julian'")),
             qPrintable(e.cause()));
}

void TestNetCdfCube::badFilesNameTheFile()
{
    const QString missing = m_dir.filePath(QStringLiteral("absent.nc"));
    DataError e = expectDataError([&] { NetCdfCube::listVariables(missing); });
    QCOMPARE(e.path(), missing);
    QCOMPARE(e.cause(), QStringLiteral("file not found"));
    e = expectDataError([&] { NetCdfCube::open(missing); });
    QCOMPARE(e.cause(), QStringLiteral("file not found"));

    const QString garbled = m_dir.filePath(QStringLiteral("garbled.nc"));
    QFile file(garbled);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray("CDF\x01 this is not really netcdf", 31));
    file.close();
    e = expectDataError([&] { NetCdfCube::open(garbled); });
    QCOMPARE(e.path(), garbled);
    QVERIFY2(e.cause().startsWith(QLatin1String("cannot open as NetCDF: ")), qPrintable(e.cause()));

    const QString tif = test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif"));
    e = expectDataError([&] { NetCdfCube::listVariables(tif); });
    QCOMPARE(e.path(), tif);
    QVERIFY2(e.cause().startsWith(QLatin1String("cannot open as NetCDF: ")), qPrintable(e.cause()));
}

QTEST_GUILESS_MAIN(TestNetCdfCube)
#include "testnetcdfcube.moc"
