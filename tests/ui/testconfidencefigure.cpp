// The report's confidence figure: a prediction's confidence raster in viridis, low values dark
// and high values bright, its band's meaning in the legend.
#include "report/confidencefigure.h"
#include "report/mapframe.h"
#include "testdata.h"

#include <gdal.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

class TestConfidenceFigure : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lowIsDarkAndHighIsBright();
    void unreadableFileIsADataError();

private:
    QTemporaryDir m_dir;
};

void TestConfidenceFigure::lowIsDarkAndHighIsBright()
{
    // Confidence rising from 0.3 on the left to 1 on the right.
    test::RasterSpec spec;
    spec.width = 80;
    spec.height = 40;
    std::vector<double> values(80 * 40);
    for (int y = 0; y < 40; ++y)
        for (int x = 0; x < 80; ++x)
            values[std::size_t(y * 80 + x)] = 0.3 + 0.7 * x / 79.0;
    const QString path = test::writeRaster(m_dir.filePath(QStringLiteral("confidence.tif")), spec, values);
    GDALDatasetH dataset = GDALOpen(path.toUtf8().constData(), GA_Update);
    QVERIFY(dataset);
    GDALSetDescription(GDALGetRasterBand(dataset, 1), "max probability");
    GDALClose(dataset);

    const QImage figure = ConfidenceFigure::render(path);
    QVERIFY(!figure.isNull());
    QCOMPARE(figure.width(), MapFrame::kWidth);
    // 1100 x 550 content from (110, 55): viridis runs from dark violet to bright yellow.
    const QRgb low = figure.pixel(110 + 20, 55 + 275);
    const QRgb high = figure.pixel(110 + 1080, 55 + 275);
    QVERIFY2(qGray(high) > qGray(low) + 120,
             qPrintable(QStringLiteral("%1 %2").arg(qGray(low)).arg(qGray(high))));
    QVERIFY2(qRed(high) > 200 && qGreen(high) > 180 && qBlue(high) < 100,
             qPrintable(QString::number(high, 16)));
}

void TestConfidenceFigure::unreadableFileIsADataError()
{
    const QString path = m_dir.filePath(QStringLiteral("broken.tif"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("II*\\0 not a tiff");
    file.close();
    QString where;
    QVERIFY(!test::dataErrorCause([&] { ConfidenceFigure::render(path); }, &where).isEmpty());
    QCOMPARE(where, path);
}

QTEST_MAIN(TestConfidenceFigure)
#include "testconfidencefigure.moc"
