// The report's split figure: a run's training, validation and test blocks in their colours, read
// from its split layer and placed on the training grid.
#include "geodata/rastergrid.h"
#include "report/mapframe.h"
#include "report/splitfigure.h"
#include "testdata.h"
#include "training/splitpreviewlayer.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

class TestSplitFigure : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void blocksAreDrawnWhereTheyLie();
    void missingLayerIsADataError();

private:
    QTemporaryDir m_dir;
    RasterGrid m_grid;
};

void TestSplitFigure::initTestCase()
{
    m_grid.width = 100;
    m_grid.height = 100;
    m_grid.geoTransform = GeoTransform({ 500000.0, 30.0, 0.0, 9120000.0, 0.0, -30.0 });
    m_grid.crs = CrsInfo::fromUserInput(QStringLiteral("EPSG:32725"));
}

void TestSplitFigure::blocksAreDrawnWhereTheyLie()
{
    // Training on the left half, validation at the top right, test at the bottom right.
    SplitPreviewLayer layer;
    layer.add(QStringLiteral("training"), { QRect(0, 0, 50, 100) }, {}, 10);
    layer.add(QStringLiteral("validation"), { QRect(50, 0, 50, 50) }, {}, 4);
    layer.add(QStringLiteral("test"), { QRect(50, 50, 50, 50) }, {}, 4);
    const QString path = m_dir.filePath(QStringLiteral("split.gpkg"));
    layer.write(path, m_grid);

    const QImage figure = SplitFigure::render(path, m_grid);
    QVERIFY(!figure.isNull());
    QCOMPARE(figure.width(), MapFrame::kWidth);
    // The frame's content starts at (110, 55) and is 1100 pixels square for a square grid.
    const auto at
        = [&figure](double fx, double fy) { return figure.pixel(110 + int(fx * 1100), 55 + int(fy * 1100)); };
    const QRgb training = at(0.25, 0.5);
    const QRgb validation = at(0.75, 0.25);
    const QRgb test = at(0.75, 0.75);
    // Blue, orange and purple over white.
    QVERIFY2(qBlue(training) > qRed(training) + 40, qPrintable(QString::number(training, 16)));
    QVERIFY2(qRed(validation) > qBlue(validation) + 80, qPrintable(QString::number(validation, 16)));
    QVERIFY2(qBlue(test) > qGreen(test) + 30 && qRed(test) > qGreen(test) + 20,
             qPrintable(QString::number(test, 16)));
}

void TestSplitFigure::missingLayerIsADataError()
{
    const QString missing = m_dir.filePath(QStringLiteral("none.gpkg"));
    QString path;
    const QString cause = test::dataErrorCause([&] { SplitFigure::render(missing, m_grid); }, &path);
    QVERIFY(!cause.isEmpty());
    QCOMPARE(path, missing);
}

QTEST_MAIN(TestSplitFigure)
#include "testsplitfigure.moc"
