#include "accuracy/mappedclassareas.h"
#include "accuracy/stratifiedpointsampler.h"
#include "classmapfixture.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace deepterra;

namespace {

constexpr int kSize = 40;

} // namespace

class TestStratifiedPointSampler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void drawsExactlyThePlanFromEachClass();
    void sameSeedSamePoints();
    void everyPixelOfAClassIsEquallyLikely();
    void askingForMoreThanAClassHasTakesAllOfIt();

private:
    QTemporaryDir m_dir;
    QString m_map;
};

void TestStratifiedPointSampler::initTestCase()
{
    m_map = test::writeClassMap(m_dir.filePath(QStringLiteral("map.tif")), kSize, kSize,
                                test::cornerClassMap(kSize, 10, true));
}

void TestStratifiedPointSampler::drawsExactlyThePlanFromEachClass()
{
    const MappedClassAreas areas = MappedClassAreas::measure(m_map);
    QCOMPARE(areas.classes()[std::size_t(areas.indexOfValue(2))].pixels, qint64(100));
    std::vector<qint64> plan(areas.classes().size(), 0);
    plan[std::size_t(areas.indexOfValue(1))] = 30;
    plan[std::size_t(areas.indexOfValue(2))] = 12;
    const std::vector<ReferencePoint> points = StratifiedPointSampler::draw(areas, plan, 7);
    QCOMPARE(int(points.size()), 42);
    int corner = 0;
    std::set<std::pair<int, int>> seen;
    for (const ReferencePoint &p : points) {
        QVERIFY2(seen.insert({ p.column, p.row }).second, "a pixel drawn twice");
        const bool inCorner = p.column < 10 && p.row < 10;
        QCOMPARE(p.mapValue, inCorner ? 2 : 1);
        QVERIFY(p.row < 39); // never NoData
        corner += inCorner ? 1 : 0;
        // The pixel's centre on the fixture grid (30 m pixels from 500000, 9120000).
        QCOMPARE(p.x, 500000.0 + 30.0 * (p.column + 0.5));
        QCOMPARE(p.y, 9120000.0 - 30.0 * (p.row + 0.5));
        QVERIFY(!p.reference);
    }
    QCOMPARE(corner, 12);
    QCOMPARE(points.front().id, 1);
    QCOMPARE(points.back().id, 42);
}

void TestStratifiedPointSampler::sameSeedSamePoints()
{
    const MappedClassAreas areas = MappedClassAreas::measure(m_map);
    const std::vector<qint64> plan { 20, 5 };
    const auto first = StratifiedPointSampler::draw(areas, plan, 3);
    const auto again = StratifiedPointSampler::draw(areas, plan, 3);
    const auto other = StratifiedPointSampler::draw(areas, plan, 4);
    auto cells = [](const std::vector<ReferencePoint> &points) {
        std::vector<std::pair<int, int>> c;
        for (const ReferencePoint &p : points)
            c.emplace_back(p.column, p.row);
        return c;
    };
    QCOMPARE(cells(first), cells(again));
    QVERIFY(cells(first) != cells(other));
}

void TestStratifiedPointSampler::everyPixelOfAClassIsEquallyLikely()
{
    // 400 draws of 10 of the corner's 100 pixels: each pixel is expected 40 times. A sampler that
    // favoured the first rows it meets (taking the first ten) would give 400 and 0.
    const MappedClassAreas areas = MappedClassAreas::measure(m_map);
    std::vector<int> hits(100, 0);
    for (std::uint64_t seed = 1; seed <= 400; ++seed)
        for (const ReferencePoint &p : StratifiedPointSampler::draw(areas, { 0, 10 }, seed))
            ++hits[std::size_t(p.row * 10 + p.column)];
    double chiSquare = 0.0;
    for (int h : hits)
        chiSquare += (h - 40.0) * (h - 40.0) / 40.0;
    // 99 degrees of freedom: the 99.9th percentile is about 149.
    QVERIFY2(chiSquare < 149.0, qPrintable(QString::number(chiSquare)));
    QVERIFY(*std::min_element(hits.begin(), hits.end()) > 10);
}

void TestStratifiedPointSampler::askingForMoreThanAClassHasTakesAllOfIt()
{
    const MappedClassAreas areas = MappedClassAreas::measure(m_map);
    const auto points = StratifiedPointSampler::draw(areas, { 0, 500 }, 1);
    QCOMPARE(int(points.size()), 100);
}

QTEST_GUILESS_MAIN(TestStratifiedPointSampler)
#include "teststratifiedpointsampler.moc"
