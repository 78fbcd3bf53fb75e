#include "classmapfixture.h"
#include "clirun.h"
#include "testdata.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>
#include <ogr_api.h>

using namespace deepterra;

namespace {

// Labels every point as its map class, except every fifth forest point, which is water: what a
// person comparing the points with better imagery would enter. Returns the points labelled.
int labelPoints(const QString &path)
{
    GDALDatasetH ds
        = GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr);
    if (!ds)
        return -1;
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    int forest = 0;
    int labelled = 0;
    while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
        const int mapValue = OGR_F_GetFieldAsInteger(f, OGR_F_GetFieldIndex(f, "map_value"));
        const bool wrong = mapValue == 1 && forest++ % 5 == 0;
        OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "reference"),
                             wrong               ? "water"
                                 : mapValue == 1 ? "1"
                                                 : "2");
        labelled += OGR_L_SetFeature(layer, f) == OGRERR_NONE ? 1 : 0;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return labelled;
}

} // namespace

class TestCliAccuracy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sampleLabelAndAssess();
    void badInputGetsAClearMessage();

private:
    QTemporaryDir m_dir;
};

void TestCliAccuracy::sampleLabelAndAssess()
{
    const QString map = test::writeClassMap(
        m_dir.filePath(QStringLiteral("map.tif")), 60, 60, test::cornerClassMap(60, 15, true),
        { QStringLiteral("none"), QStringLiteral("forest"), QStringLiteral("water") });
    const test::CliResult sampled
        = test::runCli(m_dir.path(),
                       { QStringLiteral("sample-points"), map, QStringLiteral("--output"),
                         QStringLiteral("points.gpkg"), QStringLiteral("--expected-accuracy"),
                         QStringLiteral("0.8"), QStringLiteral("--min-per-class"), QStringLiteral("30") });
    QVERIFY2(sampled.exitCode == 0, qPrintable(sampled.err));
    // Weights 3315/3540 and 225/3540, U = 0.8 each: n = (0.4 / 0.01)^2 = 1600, water at its floor of 30.
    QVERIFY2(sampled.out.contains(QLatin1String("1600 points")), qPrintable(sampled.out));
    QVERIFY2(sampled.out.contains(QLatin1String("2,water,225,0.0636,102")), qPrintable(sampled.out));
    QVERIFY2(sampled.out.contains(QLatin1String("1,forest,3315,0.9364,1498")), qPrintable(sampled.out));
    const QString points = m_dir.filePath(QStringLiteral("points.gpkg"));
    QCOMPARE(labelPoints(points), 1600);

    const test::CliResult assessed
        = test::runCli(m_dir.path(),
                       { QStringLiteral("assess"), map, QStringLiteral("--reference"), points,
                         QStringLiteral("--json"), QStringLiteral("accuracy.json") });
    QVERIFY2(assessed.exitCode == 0, qPrintable(assessed.err));
    QFile file(m_dir.filePath(QStringLiteral("accuracy.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    // Every fifth of the 1498 forest points (300) is water: forest's user's accuracy is 1198/1498,
    // and water's estimated area adds 300/1498 of the forest stratum to the 225 mapped pixels.
    const QJsonArray classes = json.value(QStringLiteral("classes")).toArray();
    const QJsonObject forest = classes.at(1).toObject();
    const QJsonObject water = classes.at(2).toObject();
    QVERIFY(std::abs(forest.value(QStringLiteral("usersAccuracy")).toDouble() - 1198.0 / 1498.0) < 1e-12);
    QCOMPARE(water.value(QStringLiteral("usersAccuracy")).toDouble(), 1.0);
    const double waterHectares = 0.09 * (225.0 + 3315.0 * 300.0 / 1498.0);
    QVERIFY(std::abs(water.value(QStringLiteral("area")).toDouble() - waterHectares) < 1e-6);
    QCOMPARE(json.value(QStringLiteral("sampleSize")).toInt(), 1600);
    QVERIFY2(assessed.out.contains(QLatin1String("Overall accuracy: 0.81")), qPrintable(assessed.out));
    QVERIFY(assessed.out.contains(QLatin1String("legacy")));
}

void TestCliAccuracy::badInputGetsAClearMessage()
{
    const QString map = test::writeClassMap(m_dir.filePath(QStringLiteral("small.tif")), 4, 3,
                                            std::vector<double>(12, 1.0));
    const test::CliResult unwritable
        = test::runCli(m_dir.path(),
                       { QStringLiteral("sample-points"), map, QStringLiteral("--output"),
                         QStringLiteral("/proc/deepterra/points.gpkg") });
    QCOMPARE(unwritable.exitCode, 1);
    QVERIFY2(unwritable.err.contains(QLatin1String("/proc/deepterra")), qPrintable(unwritable.err));

    const test::CliResult noOutput = test::runCli(m_dir.path(), { QStringLiteral("sample-points"), map });
    QCOMPARE(noOutput.exitCode, 2);

    const test::CliResult missing = test::runCli(
        m_dir.path(),
        { QStringLiteral("assess"), map, QStringLiteral("--reference"), QStringLiteral("nowhere.gpkg") });
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains(QLatin1String("nowhere.gpkg")), qPrintable(missing.err));

    const test::CliResult unlabelled = test::runCli(
        m_dir.path(),
        { QStringLiteral("sample-points"), map, QStringLiteral("--output"), QStringLiteral("small.gpkg") });
    QCOMPARE(unlabelled.exitCode, 0);
    const test::CliResult none = test::runCli(
        m_dir.path(),
        { QStringLiteral("assess"), map, QStringLiteral("--reference"), QStringLiteral("small.gpkg") });
    QCOMPARE(none.exitCode, 1);
    QVERIFY2(none.err.contains(QLatin1String("has a reference label yet")), qPrintable(none.err));
}

QTEST_GUILESS_MAIN(TestCliAccuracy)
#include "testcliaccuracy.moc"
