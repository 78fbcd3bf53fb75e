#include "testdata.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

// `deepterra-cli info` as a user runs it, on the real samples. Expected facts come from independent
// readers: gdalinfo (GDAL's own tool), Python's csv module and datetime, numpy.
class TestCliInfo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void landsatJson();
    void demStatistics();
    void co2Csv();
    void elninoWideTable();
    void stageIvCube();
    void trainingPolygons();
    void textOutputIsReadable();
    void badInputGivesOneLineAndExitCode1_data();
    void badInputGivesOneLineAndExitCode1();
    void usageErrors();

private:
    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Result run(const QStringList &arguments);
    QJsonObject json(const QString &path, const QStringList &extra = {});
    QTemporaryDir m_dir;
};

TestCliInfo::Result TestCliInfo::run(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(DEEPTERRA_CLI_PATH), arguments);
    Result result;
    if (!process.waitForFinished(60000))
        return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QJsonObject TestCliInfo::json(const QString &path, const QStringList &extra)
{
    const Result r = run(QStringList { QStringLiteral("info"), QStringLiteral("--json") } + extra
                         + QStringList { path });
    if (r.exitCode != 0)
        qWarning("deepterra-cli failed: %s", r.err.constData());
    return QJsonDocument::fromJson(r.out).object();
}

void TestCliInfo::landsatJson()
{
    const QJsonObject report = json(deepterra::test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    QCOMPARE(report.value(QStringLiteral("kind")).toString(), QStringLiteral("raster"));
    const QJsonObject raster = report.value(QStringLiteral("raster")).toObject();
    // gdalinfo: "Size is 349, 352", six Byte bands, SIRGAS 2000 / UTM zone 25S, 28.5 m pixels.
    QCOMPARE(raster.value(QStringLiteral("width")).toInt(), 349);
    QCOMPARE(raster.value(QStringLiteral("height")).toInt(), 352);
    QCOMPARE(raster.value(QStringLiteral("bandCount")).toInt(), 6);
    QCOMPARE(raster.value(QStringLiteral("crs")).toObject().value(QStringLiteral("authority")).toString(),
             QStringLiteral("EPSG:31985"));
    const QJsonArray pixelSize = raster.value(QStringLiteral("pixelSize")).toArray();
    QVERIFY(std::abs(pixelSize.at(0).toDouble() - 28.5) < 1e-6);
    const QJsonObject extent = raster.value(QStringLiteral("extent")).toObject();
    // gdalinfo corner coordinates: upper left (288776.250, 9120760.750), lower right (298722.750,
    // 9110728.750).
    QVERIFY(std::abs(extent.value(QStringLiteral("minX")).toDouble() - 288776.25) < 1e-3);
    QVERIFY(std::abs(extent.value(QStringLiteral("maxY")).toDouble() - 9120760.75) < 1e-3);
    QVERIFY(std::abs(extent.value(QStringLiteral("maxX")).toDouble() - 298722.75) < 1e-3);
    QVERIFY(std::abs(extent.value(QStringLiteral("minY")).toDouble() - 9110728.75) < 1e-3);
    const QJsonArray bands = raster.value(QStringLiteral("bands")).toArray();
    QCOMPARE(bands.size(), 6);
    QCOMPARE(bands.at(5).toObject().value(QStringLiteral("dataType")).toString(), QStringLiteral("Byte"));
    QVERIFY(bands.at(0).toObject().value(QStringLiteral("noData")).isNull());
    QCOMPARE(bands.at(0).toObject().value(QStringLiteral("overviews")).toInt(), 4);
}

void TestCliInfo::demStatistics()
{
    const QJsonObject report = json(deepterra::test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif")),
                                    { QStringLiteral("--stats") });
    const QJsonObject band = report.value(QStringLiteral("raster"))
                                 .toObject()
                                 .value(QStringLiteral("bands"))
                                 .toArray()
                                 .at(0)
                                 .toObject();
    QCOMPARE(band.value(QStringLiteral("dataType")).toString(), QStringLiteral("Float32"));
    const QJsonObject stats = band.value(QStringLiteral("statistics")).toObject();
    // gdalinfo -stats: MINIMUM=-1, MAXIMUM=88, MEAN=21.665205746287, STDDEV=20.974640760798 (population).
    QCOMPARE(stats.value(QStringLiteral("min")).toDouble(), -1.0);
    QCOMPARE(stats.value(QStringLiteral("max")).toDouble(), 88.0);
    QVERIFY(std::abs(stats.value(QStringLiteral("mean")).toDouble() - 21.665205746287) < 1e-6);
    QVERIFY(std::abs(stats.value(QStringLiteral("std")).toDouble() - 20.974640760798) < 1e-6);
    QCOMPARE(stats.value(QStringLiteral("validCount")).toDouble(), 111.0 * 111.0);
    QVERIFY(!stats.value(QStringLiteral("approximate")).toBool());
}

void TestCliInfo::co2Csv()
{
    const QJsonObject report = json(deepterra::test::samplePath(QStringLiteral("datasets/co2/co2.csv")));
    QCOMPARE(report.value(QStringLiteral("kind")).toString(), QStringLiteral("table"));
    const QJsonObject table = report.value(QStringLiteral("table")).toObject();
    // Python csv: 2284 data rows, 59 empty co2 fields, first 19580329, last 20011229.
    QCOMPARE(table.value(QStringLiteral("rows")).toInt(), 2284);
    QCOMPARE(table.value(QStringLiteral("frequency")).toString(), QStringLiteral("weekly"));
    const QJsonObject range = table.value(QStringLiteral("dateRange")).toObject();
    QVERIFY(range.value(QStringLiteral("first")).toString().startsWith(QStringLiteral("1958-03-29")));
    QVERIFY(range.value(QStringLiteral("last")).toString().startsWith(QStringLiteral("2001-12-29")));
    const QJsonArray columns = table.value(QStringLiteral("columns")).toArray();
    QCOMPARE(columns.size(), 1);
    QCOMPARE(columns.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("co2"));
    QCOMPARE(columns.at(0).toObject().value(QStringLiteral("missing")).toInt(), 59);
}

void TestCliInfo::elninoWideTable()
{
    const QJsonObject report
        = json(deepterra::test::samplePath(QStringLiteral("datasets/elnino/elnino.csv")));
    const QJsonObject table = report.value(QStringLiteral("table")).toObject();
    // 61 years (1950-2010) x 12 months.
    QCOMPARE(table.value(QStringLiteral("rows")).toInt(), 732);
    QCOMPARE(table.value(QStringLiteral("frequency")).toString(), QStringLiteral("monthly"));
    const QJsonObject range = table.value(QStringLiteral("dateRange")).toObject();
    QVERIFY(range.value(QStringLiteral("first")).toString().startsWith(QStringLiteral("1950-01")));
    QVERIFY(range.value(QStringLiteral("last")).toString().startsWith(QStringLiteral("2010-12")));
    QCOMPARE(table.value(QStringLiteral("columns"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("missing"))
                 .toInt(),
             0);
}

void TestCliInfo::stageIvCube()
{
    const QJsonObject report = json(deepterra::test::samplePath(QStringLiteral("nc/test_stageiv_xyt.nc")));
    QCOMPARE(report.value(QStringLiteral("kind")).toString(), QStringLiteral("netcdf"));
    const QJsonArray variables
        = report.value(QStringLiteral("netcdf")).toObject().value(QStringLiteral("variables")).toArray();
    QJsonObject precipitation;
    for (const QJsonValue &v : variables)
        if (v.toObject().value(QStringLiteral("name")).toString()
            == QLatin1String("Total_precipitation_surface_1_Hour_Accumulation"))
            precipitation = v.toObject();
    QVERIFY(!precipitation.isEmpty());
    // gdalinfo: 87 x 118 cells, 23 time steps; python datetime: 2001-12-31T23:00 + 146396 h .. + 146418 h.
    QCOMPARE(precipitation.value(QStringLiteral("width")).toInt(), 87);
    QCOMPARE(precipitation.value(QStringLiteral("height")).toInt(), 118);
    QCOMPARE(precipitation.value(QStringLiteral("timeSteps")).toInt(), 23);
    const QJsonObject range = precipitation.value(QStringLiteral("timeRange")).toObject();
    QCOMPARE(range.value(QStringLiteral("first")).toString(), QStringLiteral("2018-09-13T19:00:00Z"));
    QCOMPARE(range.value(QStringLiteral("last")).toString(), QStringLiteral("2018-09-14T17:00:00Z"));
    QCOMPARE(precipitation.value(QStringLiteral("units")).toString(), QStringLiteral("kg m^-2"));
}

void TestCliInfo::trainingPolygons()
{
    const QJsonObject report
        = json(QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg"));
    QCOMPARE(report.value(QStringLiteral("kind")).toString(), QStringLiteral("vector"));
    const QJsonObject layer = report.value(QStringLiteral("vector"))
                                  .toObject()
                                  .value(QStringLiteral("layers"))
                                  .toArray()
                                  .at(0)
                                  .toObject();
    QCOMPARE(layer.value(QStringLiteral("name")).toString(), QStringLiteral("training_areas"));
    QCOMPARE(layer.value(QStringLiteral("featureCount")).toInt(), 14); // scripts/make-demo-labels.py
    QVERIFY(layer.value(QStringLiteral("fields")).toArray().contains(QStringLiteral("landcover")));
    QCOMPARE(layer.value(QStringLiteral("crs")).toObject().value(QStringLiteral("authority")).toString(),
             QStringLiteral("EPSG:31985"));
}

void TestCliInfo::textOutputIsReadable()
{
    const Result r
        = run({ QStringLiteral("info"), deepterra::test::samplePath(QStringLiteral("tif/L7_ETMs.tif")) });
    QCOMPARE(r.exitCode, 0);
    const QString text = QString::fromUtf8(r.out);
    QVERIFY2(text.contains(QStringLiteral("Size: 349 x 352 pixels, 6 band(s)")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("CRS: SIRGAS 2000 / UTM zone 25S (EPSG:31985)")));
    QVERIFY(text.contains(QStringLiteral("Band 6: Byte")));
}

void TestCliInfo::badInputGivesOneLineAndExitCode1_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("cause");

    const QString missing = m_dir.filePath(QStringLiteral("missing.tif"));
    QTest::newRow("missing file") << missing << QStringLiteral("file not found");

    const QString garbage = m_dir.filePath(QStringLiteral("garbage.bin"));
    QFile g(garbage);
    g.open(QIODevice::WriteOnly);
    g.write(QByteArray(4096, '\x17'));
    g.close();
    QTest::newRow("unsupported format") << garbage << QStringLiteral("unsupported or corrupt file");

    QFile in(deepterra::test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif")));
    in.open(QIODevice::ReadOnly);
    const QByteArray bytes = in.readAll();
    const QString truncated = m_dir.filePath(QStringLiteral("truncated.tif"));
    QFile t(truncated);
    t.open(QIODevice::WriteOnly);
    t.write(bytes.left(bytes.size() / 3));
    t.close();
    QTest::newRow("truncated pixels with --stats") << truncated << QStringLiteral("cannot read band 1");

    const QString noDates = m_dir.filePath(QStringLiteral("nodates.csv"));
    QFile c(noDates);
    c.open(QIODevice::WriteOnly);
    c.write("station,value\nA,1.5\nB,2.5\n");
    c.close();
    QTest::newRow("csv without dates") << noDates << QStringLiteral("date");
}

void TestCliInfo::badInputGivesOneLineAndExitCode1()
{
    QFETCH(QString, path);
    QFETCH(QString, cause);
    const Result r = run({ QStringLiteral("info"), QStringLiteral("--stats"), path });
    QCOMPARE(r.exitCode, 1);
    const QString err = QString::fromUtf8(r.err).trimmed();
    QVERIFY2(!err.contains(QLatin1Char('\n')), qPrintable(err));
    QVERIFY2(err.startsWith(QStringLiteral("deepterra-cli: ") + path + QStringLiteral(": ")),
             qPrintable(err));
    QVERIFY2(err.contains(cause), qPrintable(err));
    QVERIFY(r.out.isEmpty());
}

void TestCliInfo::usageErrors()
{
    QCOMPARE(run({}).exitCode, 2);
    QCOMPARE(run({ QStringLiteral("frobnicate") }).exitCode, 2);
    QCOMPARE(run({ QStringLiteral("info") }).exitCode, 2);
    const Result help = run({ QStringLiteral("--help") });
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("info"));
}

QTEST_GUILESS_MAIN(TestCliInfo)
#include "testcliinfo.moc"
