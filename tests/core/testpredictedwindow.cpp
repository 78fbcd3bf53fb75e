#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "inference/predictedwindow.h"
#include "inference/predictionwriter.h"
#include "inference/rasterpredictor.h"
#include "inference/trainedmodel.h"
#include "inspect/fileinspector.h"
#include "rasterpredictorfixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>

#include <cpl_string.h>
#include <cpl_vsi.h>

#include <random>

using namespace deepterra;
using namespace deepterra::test;

// A prediction held in memory: strips assembled into the class map, its confidence and NoData;
// saved as a GeoTIFF on disk or in GDAL's memory; and RasterPredictor's in-memory prediction is
// the map its GeoTIFF writer writes, pixel for pixel.
class TestPredictedWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stripsBecomeClassesConfidenceAndNoData();
    void anAutoencoderWindowKeepsTheErrors();
    void savesTheMapOnDiskAndInMemory();
    void anUnwritablePathIsNamedAndLeavesNothing();
    void inMemoryPredictionIsTheWrittenMap();

private:
    QTemporaryDir m_dir;
};

namespace {

RasterGrid smallGrid()
{
    RasterGrid grid;
    grid.width = 4;
    grid.height = 3;
    grid.geoTransform = GeoTransform({ kOriginX, kPixel, 0.0, kOriginY, 0.0, -kPixel });
    grid.crs = CrsInfo::fromUserInput(QStringLiteral("EPSG:32725"));
    return grid;
}

ClassTable waterAndForest()
{
    ClassTable classes = ClassTable::fromValues({ 3, 7 });
    classes.entries[0].name = QStringLiteral("water");
    classes.entries[1].name = QStringLiteral("forest");
    return classes;
}

// Rows [firstRow, firstRow + rows) of the whole 4-pixel width; the pixel (x, y) favours class 1
// with probability p(x, y), and the pixels of `invalid` had NoData.
PredictionStrip strip(int firstRow, int rows, int planes, const std::function<float(int, int, int)> &value,
                      const std::vector<QPoint> &invalid = {})
{
    PredictionStrip s;
    s.firstRow = firstRow;
    s.rows = rows;
    s.width = 4;
    s.planes = planes;
    for (int p = 0; p < planes; ++p)
        for (int r = 0; r < rows; ++r)
            for (int x = 0; x < 4; ++x)
                s.values.push_back(value(p, x, firstRow + r));
    s.valid.assign(std::size_t(rows) * 4, 1);
    for (const QPoint &pixel : invalid)
        if (pixel.y() >= firstRow && pixel.y() < firstRow + rows)
            s.valid[std::size_t(pixel.y() - firstRow) * 4 + std::size_t(pixel.x())] = 0;
    return s;
}

float forestProbability(int x, int y)
{
    return 0.1f + 0.2f * float(x) + 0.05f * float(y); // over 0.5 from x = 2 on
}

} // namespace

void TestPredictedWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestPredictedWindow::stripsBecomeClassesConfidenceAndNoData()
{
    PredictedWindow window(smallGrid(), waterAndForest());
    QVERIFY(window.isClassMap());
    const auto probabilities = [](int plane, int x, int y) {
        return plane == 1 ? forestProbability(x, y) : 1.0f - forestProbability(x, y);
    };
    window.write(strip(0, 2, 2, probabilities));
    window.write(strip(2, 1, 2, probabilities, { QPoint(1, 2) }));

    QCOMPARE(window.noData(), 0.0); // 3 and 7 leave 0 free
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 4; ++x) {
            const std::size_t i = std::size_t(y) * 4 + std::size_t(x);
            if (x == 1 && y == 2) {
                QCOMPARE(window.valueAt(x, y), 0.0f);
                QCOMPARE(window.confidence()[i], PredictionWriter::kProbabilityNoData);
                continue;
            }
            const float forest = forestProbability(x, y);
            QCOMPARE(window.valueAt(x, y), forest > 0.5f ? 7.0f : 3.0f);
            QCOMPARE(window.confidence()[i], std::max(forest, 1.0f - forest));
        }
}

void TestPredictedWindow::anAutoencoderWindowKeepsTheErrors()
{
    PredictedWindow window(smallGrid(), ClassTable());
    QVERIFY(!window.isClassMap());
    QVERIFY(window.confidence().empty());
    window.write(
        strip(0, 3, 1, [](int, int x, int y) { return 0.25f * float(x + 4 * y); }, { QPoint(3, 0) }));
    QCOMPARE(window.noData(), PredictionWriter::kAnomalyNoData);
    QCOMPARE(window.valueAt(3, 0), float(PredictionWriter::kAnomalyNoData));
    QCOMPARE(window.valueAt(2, 1), 1.5f);
    QCOMPARE(window.valueAt(3, 2), 2.75f);
}

void TestPredictedWindow::savesTheMapOnDiskAndInMemory()
{
    PredictedWindow window(smallGrid(), waterAndForest());
    window.write(strip(0, 3, 2,
                       [](int plane, int x, int y) {
                           return plane == 1 ? forestProbability(x, y) : 1.0f - forestProbability(x, y);
                       },
                       { QPoint(0, 0) }));
    const QString onDisk = m_dir.filePath(QStringLiteral("window.tif"));
    const QString inMemory = QStringLiteral("/vsimem/testpredictedwindow/window.tif");
    for (const QString &path : { onDisk, inMemory }) {
        window.save(path);
        const RasterDataset saved = RasterDataset::open(path);
        const RasterInfo info = saved.info();
        QCOMPARE(info.width, 4);
        QCOMPARE(info.height, 3);
        QVERIFY(info.crs.isSameAs(smallGrid().crs));
        QCOMPARE(info.geoTransform.coefficients(), smallGrid().geoTransform.coefficients());
        QCOMPARE(info.bands.front().noData.value_or(-1.0), 0.0);
        const RasterBuffer values = readAll(path);
        QVERIFY(!values.valid[0]);
        for (int y = 0; y < 3; ++y)
            for (int x = 0; x < 4; ++x)
                if (x + y > 0)
                    QCOMPARE(values.values[std::size_t(y) * 4 + std::size_t(x)], window.valueAt(x, y));
        // The classes' names and colours travel with the file, as PredictionWriter's do.
        GDALDatasetH dataset = GDALOpen(path.toUtf8().constData(), GA_ReadOnly);
        QVERIFY(dataset);
        GDALRasterBandH band = GDALGetRasterBand(dataset, 1);
        const GDALColorEntry *forest = GDALGetColorEntry(GDALGetRasterColorTable(band), 7);
        QVERIFY(forest && forest->c4 == 255);
        QCOMPARE(forest->c1, short(window.classes().entries[1].color.red));
        // GDAL 3.6's GeoTIFF reads the .aux.xml that holds the names only when asked for its table.
        GDALGetDefaultRAT(band);
        char **names = GDALGetRasterCategoryNames(band);
        QVERIFY(names && CSLCount(names) > 7);
        QCOMPARE(QString::fromUtf8(names[3]), QStringLiteral("water"));
        QCOMPARE(QString::fromUtf8(names[7]), QStringLiteral("forest"));
        GDALClose(dataset);
        // The app's Properties view describes it, in GDAL's memory too.
        const QJsonObject report = FileInspector::inspect(path);
        QCOMPARE(report.value(QStringLiteral("kind")).toString(), QStringLiteral("raster"));
        QVERIFY(report.value(QStringLiteral("sizeBytes")).toDouble() > 0.0);
        VSIStatBufL stat;
        QVERIFY2(VSIStatL((path + QStringLiteral(".partial")).toUtf8().constData(), &stat) != 0,
                 "the temporary file was left behind");
        PredictedWindow::remove(path);
        QVERIFY(VSIStatL(path.toUtf8().constData(), &stat) != 0);
        QVERIFY(VSIStatL((path + QStringLiteral(".aux.xml")).toUtf8().constData(), &stat) != 0);
    }
    QVERIFY(PredictedWindow::isInMemory(inMemory));
    QVERIFY(!PredictedWindow::isInMemory(onDisk));
}

void TestPredictedWindow::anUnwritablePathIsNamedAndLeavesNothing()
{
    PredictedWindow window(smallGrid(), ClassTable());
    window.write(strip(0, 3, 1, [](int, int x, int) { return float(x); }));
    const QString path = m_dir.filePath(QStringLiteral("no-such-folder/window.tif"));
    try {
        window.save(path);
        QFAIL("a window saved into a folder that does not exist");
    } catch (const DataError &error) {
        QVERIFY2(error.message().contains(path), qPrintable(error.message()));
    }
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(path + QStringLiteral(".partial")));
}

void TestPredictedWindow::inMemoryPredictionIsTheWrittenMap()
{
    // A patch classifier of two halves (TestRasterPredictorTasks' fixture), predicted on a raster
    // with a NoData square, once into files and once into memory.
    const QSize size(96, 64);
    constexpr int patch = 8;
    std::mt19937 random(11);
    std::normal_distribution<double> noise(0.0, 3.0);
    const double left[3] = { 10.0, 80.0, 40.0 };
    const double right[3] = { 60.0, 20.0, 90.0 };
    const auto halves = [&](int b, int x, int) { return (x < 48 ? left[b] : right[b]) + noise(random); };
    const QString image
        = writeImage(m_dir.filePath(QStringLiteral("halves.tif")), size, 3, halves, QRect(8, 40, 8, 8), 2);
    const QString labels = writeClasses(m_dir.filePath(QStringLiteral("halves-labels.tif")), size,
                                        [](int x, int) { return x < 48 ? 1 : 2; });
    QVERIFY(!image.isEmpty() && !labels.isEmpty());
    const QString project = writePatchClassifierProject(m_dir.filePath(QStringLiteral("halves.deepterra")),
                                                        image, labels, patch, 2);
    const QString run = m_dir.filePath(QStringLiteral("halves-run"));
    const QString error = train(project, run);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const TrainedModel model = TrainedModel::loadRun(run);

    PredictionRequest request;
    request.input = image;
    request.output = m_dir.filePath(QStringLiteral("halves-classes.tif"));
    request.confidence = m_dir.filePath(QStringLiteral("halves-confidence.tif"));
    request.threads = 1;
    RasterPredictor(model, request).run();
    const QStringList before = QDir(m_dir.path()).entryList(QDir::Files);
    const PredictedWindow window = RasterPredictor(model, request).predictInMemory();
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files), before); // nothing written

    QCOMPARE(window.grid().width, size.width());
    QCOMPARE(window.grid().height, size.height());
    QVERIFY(window.grid().isAlignedWith(RasterGrid::of(RasterDataset::open(image).info())));
    const RasterBuffer classes = readAll(request.output);
    const RasterBuffer confidence = readAll(request.confidence);
    int noData = 0;
    int correct = 0;
    for (int y = 0; y < size.height(); ++y)
        for (int x = 0; x < size.width(); ++x) {
            const std::size_t i = std::size_t(y) * std::size_t(size.width()) + std::size_t(x);
            if (!classes.valid[i]) {
                ++noData;
                QCOMPARE(window.valueAt(x, y), float(window.noData()));
                continue;
            }
            QCOMPARE(window.valueAt(x, y), classes.values[i]);
            QCOMPARE(window.confidence()[i], confidence.values[i]);
            correct += window.valueAt(x, y) == (x < 48 ? 1.0f : 2.0f);
        }
    QCOMPARE(noData, 64); // the NoData square
    QVERIFY2(correct > size.width() * size.height() * 9 / 10, "the classifier did not learn the halves");
}

QTEST_GUILESS_MAIN(TestPredictedWindow)
#include "testpredictedwindow.moc"
