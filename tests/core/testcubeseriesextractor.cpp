#include "common/dataerror.h"
#include "render/cubeseriesextractor.h"
#include "testdata.h"

#include <QtTest>

using namespace deepterra;

class TestCubeSeriesExtractor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pointInPixelSpace();
    void areaMeanInPixelSpace();
    void pointOnAWebMercatorMap();
    void pointOutsideTheGridNamesTheFile();
    void originsReadBackTheSameSeries();
};

namespace {
const QString kStageIvVariable = QStringLiteral("Total_precipitation_surface_1_Hour_Accumulation");
}

void TestCubeSeriesExtractor::pointInPixelSpace()
{
    // The stage IV cube has no georeferencing: the map draws cell (69, 54) around (69.5, -54.5).
    // gdal band b ReadAsArray()[54, 69] for b = 1..3 (python3-gdal): 65.25, 17.5, 9.13.
    const TimeSeries series
        = CubeSeriesExtractor::atMapPoint(test::samplePath(QStringLiteral("nc/test_stageiv_xyt.nc")),
                                          kStageIvVariable, QPointF(69.5, -54.5), CrsInfo());
    QCOMPARE(series.rowCount(), 23);
    const std::vector<double> &values = series.columns.front().values;
    QVERIFY(std::abs(values[0] - 65.25) < 1e-3);
    QVERIFY(std::abs(values[1] - 17.5) < 1e-3);
    QVERIFY(std::abs(values[2] - 9.13) < 1e-3);
}

void TestCubeSeriesExtractor::areaMeanInPixelSpace()
{
    // Map rectangle x 65..75, y -60..-50 holds the centres of columns 65..74, rows 50..59:
    // numpy.mean(a[b, 50:60, 65:75]) = 25.7087, 11.3473, 10.1345 for the first three steps.
    const TimeSeries series = CubeSeriesExtractor::areaMean(
        test::samplePath(QStringLiteral("nc/test_stageiv_xyt.nc")), kStageIvVariable,
        QRectF(QPointF(65, -60), QPointF(75, -50)), CrsInfo());
    const std::vector<double> &values = series.columns.front().values;
    QVERIFY(std::abs(values[0] - 25.7087) < 1e-3);
    QVERIFY(std::abs(values[1] - 11.3473) < 1e-3);
    QVERIFY(std::abs(values[2] - 10.1345) < 1e-3);
}

void TestCubeSeriesExtractor::pointOnAWebMercatorMap()
{
    // bcsd_obs_1999.nc has lon/lat axes and no grid mapping: drawn in WGS 84. (-80, 35) is
    // (-8905559.263461886, 4163881.144064293) in EPSG:3857 (osr), cell (40, 17) of the grid
    // (origin -85, 37.125, 0.125 degree cells), whose pr values start 141.47, 51.84, 99.6.
    const TimeSeries series = CubeSeriesExtractor::atMapPoint(
        test::samplePath(QStringLiteral("nc/bcsd_obs_1999.nc")), QStringLiteral("pr"),
        QPointF(-8905559.263461886, 4163881.144064293), CrsInfo::fromUserInput(QStringLiteral("EPSG:3857")));
    QCOMPARE(series.rowCount(), 12);
    const std::vector<double> &values = series.columns.front().values;
    QVERIFY(std::abs(values[0] - 141.47) < 1e-3);
    QVERIFY(std::abs(values[1] - 51.84) < 1e-3);
    QVERIFY(std::abs(values[2] - 99.6) < 1e-3);
}

void TestCubeSeriesExtractor::pointOutsideTheGridNamesTheFile()
{
    const QString path = test::samplePath(QStringLiteral("nc/test_stageiv_xyt.nc"));
    QString errorPath;
    const QString cause = test::dataErrorCause(
        [&] { CubeSeriesExtractor::atMapPoint(path, kStageIvVariable, QPointF(500, 20), CrsInfo()); },
        &errorPath);
    QCOMPARE(errorPath, path);
    QVERIFY2(cause.contains(QStringLiteral("lies outside the grid")), qPrintable(cause));
}

void TestCubeSeriesExtractor::originsReadBackTheSameSeries()
{
    // A series layer made from a click must read the very series the click plotted, without the map.
    const QString stageiv = test::samplePath(QStringLiteral("nc/test_stageiv_xyt.nc"));
    const SeriesOrigin cell
        = CubeSeriesExtractor::originAtMapPoint(stageiv, kStageIvVariable, QPointF(69.5, -54.5), CrsInfo());
    QVERIFY(cell.layerProperties().contains(QStringLiteral("lon")));
    QCOMPARE(SeriesOrigin::parse(cell.toString()).read().columns.front().values,
             CubeSeriesExtractor::atMapPoint(stageiv, kStageIvVariable, QPointF(69.5, -54.5), CrsInfo())
                 .columns.front()
                 .values);

    const QString bcsd = test::samplePath(QStringLiteral("nc/bcsd_obs_1999.nc"));
    const CrsInfo webMercator = CrsInfo::fromUserInput(QStringLiteral("EPSG:3857"));
    const QPointF clicked(-8905559.263461886, 4163881.144064293);
    const SeriesOrigin point
        = CubeSeriesExtractor::originAtMapPoint(bcsd, QStringLiteral("pr"), clicked, webMercator);
    // The centre of cell (40, 17): origin -85, 37.125 and 0.125 degree cells.
    QCOMPARE(point.toString(), QStringLiteral("NETCDF:\"%1\":pr?lon=-79.9375&lat=34.9375").arg(bcsd));
    QCOMPARE(point.read().columns.front().values,
             CubeSeriesExtractor::atMapPoint(bcsd, QStringLiteral("pr"), clicked, webMercator)
                 .columns.front()
                 .values);

    // On a lon/lat grid the box around the centres holds the same cells as the rectangle.
    const CrsInfo lonLat = CrsInfo::fromUserInput(QStringLiteral("EPSG:4326"));
    const QRectF dragged(QPointF(-81.05, 35.02), QPointF(-79.3, 36.4));
    const SeriesOrigin box
        = CubeSeriesExtractor::originOverMapRect(bcsd, QStringLiteral("tas"), dragged, lonLat);
    QVERIFY(box.layerProperties().contains(QStringLiteral("box")));
    const std::vector<double> fromBox = SeriesOrigin::parse(box.toString()).read().columns.front().values;
    const std::vector<double> fromMap
        = CubeSeriesExtractor::areaMean(bcsd, QStringLiteral("tas"), dragged, lonLat).columns.front().values;
    QCOMPARE(fromBox.size(), fromMap.size());
    for (std::size_t i = 0; i < fromBox.size(); ++i)
        QVERIFY2(std::abs(fromBox[i] - fromMap[i]) < 1e-9, qPrintable(QString::number(i)));
}

QTEST_GUILESS_MAIN(TestCubeSeriesExtractor)
#include "testcubeseriesextractor.moc"
