#include "accuracy/accuracyassessment.h"
#include "accuracy/referencepointsfile.h"
#include "accuracy/stratifiedpointsampler.h"
#include "classmapfixture.h"
#include "testdata.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace deepterra;

namespace {

constexpr int kSize = 40;

const QStringList kNames { QStringLiteral("none"), QStringLiteral("forest"), QStringLiteral("water") };

} // namespace

class TestAccuracyAssessment : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void estimatesFromTheLabelledPoints();
    void pointsOfAnotherMapAreRefused();
    void mappedClassWithoutLabelsIsRefused();

private:
    // Draws 20 points of class 1 and 10 of class 2, labels them as `label` says, writes them.
    QString labelledPoints(const QString &name,
                           const std::function<std::optional<int>(const ReferencePoint &, int)> &label);

    QTemporaryDir m_dir;
    QString m_map;
};

void TestAccuracyAssessment::initTestCase()
{
    m_map = test::writeClassMap(m_dir.filePath(QStringLiteral("map.tif")), kSize, kSize,
                                test::cornerClassMap(kSize, 10, false), kNames);
}

QString TestAccuracyAssessment::labelledPoints(
    const QString &name, const std::function<std::optional<int>(const ReferencePoint &, int)> &label)
{
    const MappedClassAreas areas = MappedClassAreas::measure(m_map);
    std::vector<qint64> plan(areas.classes().size(), 0);
    plan[std::size_t(areas.indexOfValue(1))] = 20;
    plan[std::size_t(areas.indexOfValue(2))] = 10;
    std::vector<ReferencePoint> points = StratifiedPointSampler::draw(areas, plan, 11);
    int k = 0;
    for (ReferencePoint &p : points)
        p.reference = label(p, k++);
    std::vector<ClassEntry> entries;
    for (const MappedClass &c : areas.classes())
        entries.push_back(c.entry);
    const QString path = m_dir.filePath(name);
    ReferencePointsFile::write(path, points, entries, CrsInfo::fromUserInput(QStringLiteral("EPSG:32725")));
    return path;
}

void TestAccuracyAssessment::estimatesFromTheLabelledPoints()
{
    // Forest points: 4 are really water; water points: 1 is forest; two forest points unlabelled.
    int forestSeen = 0;
    int waterSeen = 0;
    const QString points = labelledPoints(QStringLiteral("labelled.gpkg"), [&](const ReferencePoint &p, int) {
        if (p.mapValue == 1) {
            const int n = forestSeen++;
            if (n < 2)
                return std::optional<int>();
            return std::optional<int>(n < 6 ? 2 : 1);
        }
        return std::optional<int>(waterSeen++ == 0 ? 1 : 2);
    });
    const AccuracyAssessment assessment = AccuracyAssessment::assess(m_map, points);
    QCOMPARE(assessment.labelledPoints(), 28);
    QCOMPARE(assessment.unlabelledPoints(), 2);
    QCOMPARE(assessment.areaUnit(), QStringLiteral("ha"));

    // The same figures straight from the estimator: rows map, columns reference, classes 0, 1, 2.
    const AreaAdjustedAccuracy expected({ { 0, 0, 0 }, { 0, 14, 4 }, { 0, 1, 9 } },
                                        { 0.0, 1500 * 0.09, 100 * 0.09 });
    const AreaAdjustedAccuracy &e = assessment.estimate();
    for (int j = 0; j < 3; ++j) {
        QVERIFY(std::abs(e.area(j) - expected.area(j)) < 1e-9);
        QVERIFY(std::abs(e.areaHalfWidth(j) - expected.areaHalfWidth(j)) < 1e-9);
    }
    QVERIFY(std::abs(e.overallAccuracy() - expected.overallAccuracy()) < 1e-12);
    QVERIFY(std::abs(e.usersAccuracy(1) - 14.0 / 18.0) < 1e-12);

    const QJsonObject json = assessment.toJson();
    const QJsonObject water = json.value(QStringLiteral("classes")).toArray().at(2).toObject();
    QCOMPARE(water.value(QStringLiteral("name")).toString(), QStringLiteral("water"));
    QCOMPARE(water.value(QStringLiteral("mappedPixels")).toInteger(), qint64(100));
    QCOMPARE(json.value(QStringLiteral("unlabelledPoints")).toInt(), 2);
    QCOMPARE(json.value(QStringLiteral("areaUnit")).toString(), QStringLiteral("ha"));
}

void TestAccuracyAssessment::pointsOfAnotherMapAreRefused()
{
    const QString points = labelledPoints(QStringLiteral("other.gpkg"), [](const ReferencePoint &p, int) {
        return std::optional<int>(p.mapValue);
    });
    // The same grid with the corner moved: points drawn from the old corner now lie on forest.
    std::vector<double> moved(kSize * kSize, 1.0);
    for (int y = 30; y < 40; ++y)
        for (int x = 30; x < 40; ++x)
            moved[std::size_t(y * kSize + x)] = 2.0;
    const QString otherMap
        = test::writeClassMap(m_dir.filePath(QStringLiteral("moved.tif")), kSize, kSize, moved, kNames);
    QString errorPath;
    const QString cause
        = test::dataErrorCause([&] { AccuracyAssessment::assess(otherMap, points); }, &errorPath);
    QCOMPARE(errorPath, points);
    QVERIFY2(cause.contains(QLatin1String("drawn from another map")), qPrintable(cause));
}

void TestAccuracyAssessment::mappedClassWithoutLabelsIsRefused()
{
    const QString points = labelledPoints(QStringLiteral("half.gpkg"), [](const ReferencePoint &p, int) {
        return p.mapValue == 1 ? std::optional<int>(1) : std::optional<int>();
    });
    const QString cause = test::dataErrorCause([&] { AccuracyAssessment::assess(m_map, points); });
    QVERIFY2(cause.contains(QLatin1String("class 2 (water) is mapped, but none of its points")),
             qPrintable(cause));
}

QTEST_GUILESS_MAIN(TestAccuracyAssessment)
#include "testaccuracyassessment.moc"
