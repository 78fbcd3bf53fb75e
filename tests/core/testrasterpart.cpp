#include "common/dataerror.h"
#include "inference/rasterpart.h"

#include <QtTest>

using namespace deepterra;

// The parts `predict --part I/N` cuts a raster into: whole rows of 256-pixel blocks, in order, edge
// to edge, together the whole raster.
class TestRasterPart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesIOfN();
    void refusesWhatIsNotAPart_data();
    void refusesWhatIsNotAPart();
    void partsCoverTheRasterOnceOnBlockRows_data();
    void partsCoverTheRasterOnceOnBlockRows();
    void moreThanTheBlockRowsIsAClearError();
    void aPartsGridLiesWhereItsRowsDo();
};

void TestRasterPart::parsesIOfN()
{
    RasterPart part;
    QString problem;
    QVERIFY(RasterPart::parse(QStringLiteral("3/8"), &part, &problem));
    QCOMPARE(part.index, 3);
    QCOMPARE(part.count, 8);
    QCOMPARE(part.name(), QStringLiteral("3/8"));
    QVERIFY(!part.isWhole());
    QVERIFY(RasterPart::parse(QStringLiteral(" 1 / 1 "), &part, &problem));
    QVERIFY(part.isWhole());
    QVERIFY(RasterPart().isWhole());
}

void TestRasterPart::refusesWhatIsNotAPart_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("says");
    QTest::newRow("zero") << QStringLiteral("0/4") << QStringLiteral("numbered from 1 to 4");
    QTest::newRow("past the count") << QStringLiteral("5/4") << QStringLiteral("numbered from 1 to 4");
    QTest::newRow("no count") << QStringLiteral("2") << QStringLiteral("write I/N");
    QTest::newRow("negative") << QStringLiteral("-1/4") << QStringLiteral("write I/N");
    QTest::newRow("words") << QStringLiteral("half") << QStringLiteral("write I/N");
    QTest::newRow("zero parts") << QStringLiteral("0/0") << QStringLiteral("does not exist");
}

void TestRasterPart::refusesWhatIsNotAPart()
{
    QFETCH(QString, text);
    QFETCH(QString, says);
    RasterPart part { 2, 3 };
    QString problem;
    QVERIFY(!RasterPart::parse(text, &part, &problem));
    QVERIFY2(problem.contains(says), qPrintable(problem));
    QCOMPARE(part.name(), QStringLiteral("2/3")); // unchanged
}

void TestRasterPart::partsCoverTheRasterOnceOnBlockRows_data()
{
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("count");
    QTest::newRow("one part") << 1000 << 1;
    QTest::newRow("as many parts as block rows") << 1000 << 4;
    QTest::newRow("uneven") << 20000 << 7;
    QTest::newRow("exact blocks") << 2048 << 3;
    QTest::newRow("a short last block") << 257 << 2;
}

void TestRasterPart::partsCoverTheRasterOnceOnBlockRows()
{
    QFETCH(int, height);
    QFETCH(int, count);
    const int blockRows = (height + 255) / 256;
    int next = 0;
    for (int index = 1; index <= count; ++index) {
        const RasterPart::Rows rows = RasterPart { index, count }.rows(height, QStringLiteral("in.tif"));
        QCOMPARE(rows.first, next);
        QVERIFY(rows.end > rows.first);
        QCOMPARE(rows.first % 256, 0);
        QVERIFY(rows.end % 256 == 0 || rows.end == height);
        // As even as whole blocks allow.
        const int blocks = (rows.end - rows.first + 255) / 256;
        QVERIFY(blocks == blockRows / count || blocks == blockRows / count + 1);
        next = rows.end;
    }
    QCOMPARE(next, height);
}

void TestRasterPart::moreThanTheBlockRowsIsAClearError()
{
    try {
        RasterPart { 1, 5 }.rows(1000, QStringLiteral("/data/in.tif"));
        QFAIL("five parts of four block rows were accepted");
    } catch (const DataError &e) {
        QVERIFY2(e.message().startsWith(QStringLiteral("/data/in.tif")), qPrintable(e.message()));
        QVERIFY2(e.message().contains(QStringLiteral("at most 4")), qPrintable(e.message()));
    }
}

void TestRasterPart::aPartsGridLiesWhereItsRowsDo()
{
    RasterGrid grid;
    grid.width = 300;
    grid.height = 1000;
    grid.geoTransform = GeoTransform::fromOriginAndPixelSize(500000.0, 9100000.0, 30.0, -20.0);
    grid.crs = CrsInfo::fromUserInput(QStringLiteral("EPSG:32725"));
    const RasterGrid part = RasterPart::gridOf(grid, { 512, 768 });
    QCOMPARE(part.width, 300);
    QCOMPARE(part.height, 256);
    QCOMPARE(part.geoTransform.coefficients()[0], 500000.0);
    QCOMPARE(part.geoTransform.coefficients()[3], 9100000.0 - 512 * 20.0);
    QCOMPARE(part.geoTransform.pixelToMap(QPointF(10, 0)), grid.geoTransform.pixelToMap(QPointF(10, 512)));
    QVERIFY(part.crs.isSameAs(grid.crs));
}

QTEST_GUILESS_MAIN(TestRasterPart)
#include "testrasterpart.moc"
