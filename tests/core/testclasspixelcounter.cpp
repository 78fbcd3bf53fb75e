#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "labels/classtable.h"
#include "render/classpixelcounter.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace deepterra;

class TestClassPixelCounter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exactCountSkipsNoDataAndValuesThatAreNoClass();
    void aRasterWithinTheBudgetIsCountedExactly();
    void aRasterOverTheBudgetIsEstimatedFromASample();
    void anUnknownBandIsRefused();

private:
    QTemporaryDir m_dir;
};

void TestClassPixelCounter::exactCountSkipsNoDataAndValuesThatAreNoClass()
{
    // 7 x 5 = 35 pixels: class 1 x 10, class 2 x 8, class 5 x 6, value 9 (no class) x 4, the
    // fraction 2.5 x 2, NoData x 5. Class 7 is in the table but not in the raster.
    test::RasterSpec spec;
    spec.width = 7;
    spec.height = 5;
    spec.hasNoData = true;
    const double nd = spec.noData;
    const std::vector<double> values { 1,  1,  1,  1,  1,  2,   2, //
                                       1,  1,  1,  1,  1,  2,   2, //
                                       5,  5,  5,  2,  2,  2,   2, //
                                       5,  5,  5,  9,  9,  9,   9, //
                                       nd, nd, nd, nd, nd, 2.5, 2.5 };
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("exact.tif")), spec, values);
    QVERIFY(!path.isEmpty());
    const ClassTable classes = ClassTable::fromValues({ 1, 2, 5, 7 });
    const ClassPixelCounts counts = ClassPixelCounter::count(RasterDataset::open(path), 1, classes);
    QVERIFY(counts.exact);
    QCOMPARE(counts.perClass, (std::vector<qint64> { 10, 8, 6, 0 }));
    QCOMPARE(counts.otherPixels, qint64(6));
    QCOMPARE(counts.noDataPixels, qint64(5));
}

void TestClassPixelCounter::aRasterWithinTheBudgetIsCountedExactly()
{
    test::RasterSpec spec;
    spec.width = 6;
    spec.height = 4;
    spec.dataType = QStringLiteral("Byte");
    std::vector<double> values(24, 3.0);
    std::fill(values.begin(), values.begin() + 10, 4.0);
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("budget.tif")), spec, values);
    const ClassPixelCounts counts
        = ClassPixelCounter::count(RasterDataset::open(path), 1, ClassTable::fromValues({ 3, 4 }), 24);
    QVERIFY(counts.exact);
    QCOMPARE(counts.perClass, (std::vector<qint64> { 14, 10 }));
    QCOMPARE(counts.noDataPixels, qint64(0));
}

void TestClassPixelCounter::aRasterOverTheBudgetIsEstimatedFromASample()
{
    // 200 x 150 pixels: class 1 in the left half, class 2 in the upper right quarter, class 3 in
    // the lower right quarter, the value 9 (no class) in the rightmost 20 columns and NoData (0) in
    // the top 15 rows. A budget of a tenth of the pixels.
    test::RasterSpec spec;
    spec.width = 200;
    spec.height = 150;
    spec.dataType = QStringLiteral("Byte");
    spec.hasNoData = true;
    spec.noData = 0;
    std::vector<double> values;
    std::vector<qint64> truth(3, 0);
    qint64 other = 0, noData = 0;
    for (int y = 0; y < spec.height; ++y)
        for (int x = 0; x < spec.width; ++x) {
            int value = x < 100 ? 1 : (y < 75 ? 2 : 3);
            if (x >= 180)
                value = 9;
            if (y < 15)
                value = 0;
            values.push_back(value);
            if (value == 0)
                ++noData;
            else if (value == 9)
                ++other;
            else
                ++truth[std::size_t(value - 1)];
        }
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("large.tif")), spec, values);
    const qint64 total = qint64(spec.width) * spec.height;
    const ClassPixelCounts counts = ClassPixelCounter::count(RasterDataset::open(path), 1,
                                                             ClassTable::fromValues({ 1, 2, 3 }), total / 10);
    QVERIFY(!counts.exact);
    QCOMPARE(counts.perClass.size(), std::size_t(3));
    // Scaled to the whole raster: each figure within 5 % of the raster of the truth.
    const auto close = [&](qint64 estimate, qint64 expected) {
        return std::abs(double(estimate - expected)) <= 0.05 * double(total);
    };
    QString figures;
    for (qint64 count : counts.perClass)
        figures += QString::number(count) + QLatin1Char(' ');
    figures += QStringLiteral("other %1 nodata %2").arg(counts.otherPixels).arg(counts.noDataPixels);
    for (std::size_t i = 0; i < truth.size(); ++i)
        QVERIFY2(close(counts.perClass[i], truth[i]), qPrintable(figures));
    QVERIFY2(close(counts.otherPixels, other), qPrintable(figures));
    QVERIFY2(close(counts.noDataPixels, noData), qPrintable(figures));
    qint64 sum = counts.otherPixels + counts.noDataPixels;
    for (qint64 count : counts.perClass)
        sum += count;
    QVERIFY(std::abs(sum - total) <= 5); // rounding only
}

void TestClassPixelCounter::anUnknownBandIsRefused()
{
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("band.tif")), {}, { 1, 2, 3 });
    const QString cause = test::dataErrorCause([&] {
        ClassPixelCounter::count(RasterDataset::open(path), 2, ClassTable::fromValues({ 1, 2, 3 }));
    });
    QVERIFY2(cause.contains(QLatin1String("band 2")), qPrintable(cause));
}

QTEST_GUILESS_MAIN(TestClassPixelCounter)
#include "testclasspixelcounter.moc"
