#include "common/dataerror.h"
#include "inference/predictionmosaicjob.h"
#include "inference/predictionwriter.h"
#include "jobs/feedback.h"

#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cpl_string.h>
#include <gdal.h>

#include <cmath>
#include <vector>

using namespace deepterra;

// The parts of a prediction (PredictionWriter with a RasterPart: strips of the whole raster in,
// the part's rows out) joined by PredictionMosaicJob into a VRT and a GeoTIFF, against the files of
// the whole prediction written from the same strips; and every way a set of parts can be wrong.
class TestPredictionMosaicJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void joinedPartsEqualTheWholeMap_data();
    void joinedPartsEqualTheWholeMap();
    void partsHoldTheirRowsOnTheirGrid();
    void aMissingPartIsNamed();
    void aPartGivenTwiceIsNamed();
    void partsOfAnotherSplitAreRefused();
    void partsOfAnotherPredictionAreRefused();
    void anotherOutputOfThePredictionIsRefused();
    void aFileThatIsNotAPartIsRefused();
    void anInterruptedPartIsRefused();
    void anUnknownExtensionIsRefused();
    void aPartIsNeverOverwritten();

private:
    // Writes the prediction of `part` (the whole raster for 1/1) under NAME-classes.tif and
    // NAME-probabilities.tif; the fingerprint stands for the input, model and settings.
    void predict(const QString &name, RasterPart part, const QString &fingerprint = QStringLiteral("A"));
    QStringList parts(const QString &name, int count,
                      const QString &output = QStringLiteral("classes")) const;
    QString runJob(const QStringList &parts, const QString &output) const; // the error, or empty

    QTemporaryDir m_dir;
};

namespace {

constexpr int kWidth = 300; // two bands of columns: [0, 256) and [256, 300)
constexpr int kHeight = 700; // three rows of blocks: [0, 256), [256, 512), [512, 700)
constexpr int kClasses = 3;

RasterGrid testGrid()
{
    RasterGrid grid;
    grid.width = kWidth;
    grid.height = kHeight;
    grid.geoTransform = GeoTransform::fromOriginAndPixelSize(500000.0, 9100000.0, 30.0, -30.0);
    grid.crs = CrsInfo::fromUserInput(QStringLiteral("EPSG:32725"));
    return grid;
}

ClassTable testClasses()
{
    ClassTable classes;
    for (int c = 0; c < kClasses; ++c) {
        ClassEntry e;
        e.value = c + 1;
        e.name = QStringLiteral("class %1").arg(c + 1);
        e.color.red = std::uint8_t(80 * c);
        classes.entries.push_back(e);
    }
    return classes;
}

float probability(int x, int y, int c)
{
    double total = 0.0;
    double mine = 0.0;
    for (int k = 0; k < kClasses; ++k) {
        const double e = std::exp(2.0 * std::sin(0.05 * x + 2.0 * k) + std::cos(0.013 * y * (k + 1)));
        total += e;
        if (k == c)
            mine = e;
    }
    return float(mine / total);
}

// A raster's bands as doubles, with its size.
struct Pixels
{
    int width = 0;
    int height = 0;
    std::vector<double> values;
    std::array<double, 6> transform {};
};

Pixels readAll(const QString &path)
{
    Pixels p;
    GDALDatasetH dataset = GDALOpen(path.toUtf8().constData(), GA_ReadOnly);
    if (!dataset)
        return p;
    p.width = GDALGetRasterXSize(dataset);
    p.height = GDALGetRasterYSize(dataset);
    GDALGetGeoTransform(dataset, p.transform.data());
    const int bands = GDALGetRasterCount(dataset);
    p.values.resize(std::size_t(bands) * std::size_t(p.width) * std::size_t(p.height));
    if (GDALDatasetRasterIO(dataset, GF_Read, 0, 0, p.width, p.height, p.values.data(), p.width, p.height,
                            GDT_Float64, bands, nullptr, 0, 0, 0)
        != CE_None)
        p.values.clear();
    GDALClose(dataset);
    return p;
}

} // namespace

void TestPredictionMosaicJob::initTestCase()
{
    QVERIFY(m_dir.isValid());
    GDALAllRegister();
    predict(QStringLiteral("whole"), RasterPart());
    for (int count : { 2, 3 })
        for (int index = 1; index <= count; ++index)
            predict(QStringLiteral("of%1-%2").arg(count).arg(index), RasterPart { index, count });
}

void TestPredictionMosaicJob::predict(const QString &name, RasterPart part, const QString &fingerprint)
{
    PredictionRequest request;
    request.input = m_dir.filePath(QStringLiteral("input.tif"));
    request.output = m_dir.filePath(name + QStringLiteral("-classes.tif"));
    request.probabilities = m_dir.filePath(name + QStringLiteral("-probabilities.tif"));
    request.part = part;
    PredictionWriter writer(testGrid(), testClasses(), request,
                            QJsonObject { { QStringLiteral("model"), fingerprint } });
    // The whole raster, band by band, in strips of 100 rows: the writer keeps the part's.
    for (const auto &[first, end] : { std::pair { 0, 256 }, std::pair { 256, kWidth } })
        for (int row = 0; row < kHeight; row += 100) {
            PredictionStrip strip;
            strip.firstRow = row;
            strip.rows = std::min(100, kHeight - row);
            strip.firstColumn = first;
            strip.width = end - first;
            strip.planes = kClasses;
            const std::size_t plane = std::size_t(strip.rows) * std::size_t(strip.width);
            strip.values.resize(kClasses * plane);
            strip.valid.assign(plane, 1);
            for (int y = 0; y < strip.rows; ++y)
                for (int x = 0; x < strip.width; ++x) {
                    const std::size_t i = std::size_t(y) * std::size_t(strip.width) + std::size_t(x);
                    strip.valid[i] = (first + x + row + y) % 97 != 0;
                    for (int c = 0; c < kClasses; ++c)
                        strip.values[std::size_t(c) * plane + i] = probability(first + x, row + y, c);
                }
            writer.write(strip);
        }
    writer.finish();
}

QStringList TestPredictionMosaicJob::parts(const QString &name, int count, const QString &output) const
{
    QStringList files;
    for (int index = 1; index <= count; ++index)
        files << m_dir.filePath(QStringLiteral("%1%2-%3-%4.tif").arg(name).arg(count).arg(index).arg(output));
    return files;
}

QString TestPredictionMosaicJob::runJob(const QStringList &parts, const QString &output) const
{
    PredictionMosaicJob job(parts, output);
    Feedback feedback;
    try {
        job.run(feedback);
    } catch (const DataError &e) {
        return e.message();
    }
    return {};
}

void TestPredictionMosaicJob::joinedPartsEqualTheWholeMap_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("suffix");
    for (int count : { 2, 3 })
        for (const QString &output : { QStringLiteral("classes"), QStringLiteral("probabilities") })
            for (const QString &suffix : { QStringLiteral("vrt"), QStringLiteral("tif") })
                QTest::addRow("%d parts, %s, %s", count, qPrintable(output), qPrintable(suffix))
                    << count << output << suffix;
}

void TestPredictionMosaicJob::joinedPartsEqualTheWholeMap()
{
    QFETCH(int, count);
    QFETCH(QString, output);
    QFETCH(QString, suffix);
    QStringList given = parts(QStringLiteral("of"), count, output);
    std::reverse(given.begin(), given.end()); // any order
    const QString joined = m_dir.filePath(QStringLiteral("joined-%1-%2.%3").arg(count).arg(output, suffix));
    const QString error = runJob(given, joined);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!QFile::exists(joined + QStringLiteral(".partial.") + suffix));

    const Pixels whole = readAll(m_dir.filePath(QStringLiteral("whole-%1.tif").arg(output)));
    const Pixels mosaic = readAll(joined);
    QCOMPARE(mosaic.width, kWidth);
    QCOMPARE(mosaic.height, kHeight);
    QVERIFY(mosaic.transform == whole.transform);
    QVERIFY(!whole.values.empty());
    QVERIFY(mosaic.values == whole.values); // bit for bit

    // What the map says about itself: NoData, band names, class colours and names; no part tags.
    GDALDatasetH a = GDALOpen(m_dir.filePath(QStringLiteral("whole-%1.tif").arg(output)).toUtf8().constData(),
                              GA_ReadOnly);
    GDALDatasetH b = GDALOpen(joined.toUtf8().constData(), GA_ReadOnly);
    QVERIFY(a && b);
    QCOMPARE(GDALGetRasterCount(b), GDALGetRasterCount(a));
    for (int band = 1; band <= GDALGetRasterCount(a); ++band) {
        GDALRasterBandH x = GDALGetRasterBand(a, band);
        GDALRasterBandH y = GDALGetRasterBand(b, band);
        QCOMPARE(QString::fromUtf8(GDALGetDescription(y)), QString::fromUtf8(GDALGetDescription(x)));
        QCOMPARE(GDALGetRasterNoDataValue(y, nullptr), GDALGetRasterNoDataValue(x, nullptr));
        QCOMPARE(GDALGetRasterDataType(y), GDALGetRasterDataType(x));
        QCOMPARE(CSLCount(GDALGetRasterCategoryNames(y)), CSLCount(GDALGetRasterCategoryNames(x)));
        QCOMPARE(GDALGetRasterColorTable(y) != nullptr, GDALGetRasterColorTable(x) != nullptr);
    }
    if (output == QLatin1String("classes")) {
        QCOMPARE(QString::fromUtf8(CSLGetField(GDALGetRasterCategoryNames(GDALGetRasterBand(b, 1)), 3)),
                 QStringLiteral("class 3"));
        QCOMPARE(GDALGetColorEntry(GDALGetRasterColorTable(GDALGetRasterBand(b, 1)), 3)->c1, 160);
    }
    QVERIFY(!GDALGetMetadataItem(b, "DEEPTERRA_PART", nullptr));
    GDALClose(a);
    GDALClose(b);
}

void TestPredictionMosaicJob::partsHoldTheirRowsOnTheirGrid()
{
    // Three parts of three rows of blocks: one each.
    const int rows[3][2] = { { 0, 256 }, { 256, 512 }, { 512, kHeight } };
    const Pixels whole = readAll(m_dir.filePath(QStringLiteral("whole-classes.tif")));
    const QStringList files = parts(QStringLiteral("of"), 3);
    for (int k = 0; k < 3; ++k) {
        const Pixels part = readAll(files[k]);
        QCOMPARE(part.width, kWidth);
        QCOMPARE(part.height, rows[k][1] - rows[k][0]);
        QCOMPARE(part.transform[3], 9100000.0 - 30.0 * rows[k][0]);
        for (int y = 0; y < part.height; ++y)
            for (int x = 0; x < kWidth; x += 37)
                QCOMPARE(part.values[std::size_t(y) * kWidth + std::size_t(x)],
                         whole.values[std::size_t(rows[k][0] + y) * kWidth + std::size_t(x)]);
        GDALDatasetH dataset = GDALOpen(files[k].toUtf8().constData(), GA_ReadOnly);
        QCOMPARE(QString::fromUtf8(GDALGetMetadataItem(dataset, "DEEPTERRA_PART", nullptr)),
                 QStringLiteral("%1/3").arg(k + 1));
        GDALClose(dataset);
    }
}

void TestPredictionMosaicJob::aMissingPartIsNamed()
{
    const QStringList files = parts(QStringLiteral("of"), 3);
    const QString output = m_dir.filePath(QStringLiteral("missing.tif"));
    const QString error = runJob({ files[0], files[2] }, output);
    QVERIFY2(error.contains(QStringLiteral("part 2/3 is missing")), qPrintable(error));
    QVERIFY(!QFile::exists(output));
}

void TestPredictionMosaicJob::aPartGivenTwiceIsNamed()
{
    const QStringList files = parts(QStringLiteral("of"), 2);
    const QString error
        = runJob({ files[0], files[1], files[0] }, m_dir.filePath(QStringLiteral("twice.vrt")));
    QVERIFY2(error.contains(files[0]) && error.contains(QStringLiteral("is part 1/2, as is")),
             qPrintable(error));
}

void TestPredictionMosaicJob::partsOfAnotherSplitAreRefused()
{
    const QString error = runJob({ parts(QStringLiteral("of"), 2)[0], parts(QStringLiteral("of"), 3)[1],
                                   parts(QStringLiteral("of"), 3)[2] },
                                 m_dir.filePath(QStringLiteral("split.vrt")));
    QVERIFY2(error.contains(QStringLiteral("parts of different splits")), qPrintable(error));
}

void TestPredictionMosaicJob::partsOfAnotherPredictionAreRefused()
{
    predict(QStringLiteral("other2-2"), RasterPart { 2, 2 }, QStringLiteral("B"));
    const QString error = runJob(
        { parts(QStringLiteral("of"), 2)[0], m_dir.filePath(QStringLiteral("other2-2-classes.tif")) },
        m_dir.filePath(QStringLiteral("other.vrt")));
    QVERIFY2(error.contains(QStringLiteral("comes from another prediction")), qPrintable(error));
}

void TestPredictionMosaicJob::anotherOutputOfThePredictionIsRefused()
{
    const QString error = runJob({ parts(QStringLiteral("of"), 2)[0],
                                   parts(QStringLiteral("of"), 2, QStringLiteral("probabilities"))[1] },
                                 m_dir.filePath(QStringLiteral("mixed.vrt")));
    QVERIFY2(error.contains(QStringLiteral("not a part of the same output")), qPrintable(error));
}

void TestPredictionMosaicJob::aFileThatIsNotAPartIsRefused()
{
    const QString whole = m_dir.filePath(QStringLiteral("whole-classes.tif"));
    QString error = runJob({ whole }, m_dir.filePath(QStringLiteral("notapart.vrt")));
    QVERIFY2(error.startsWith(whole) && error.contains(QStringLiteral("is not a part of a prediction")),
             qPrintable(error));
    const QString text = m_dir.filePath(QStringLiteral("notes.tif"));
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a raster");
    file.close();
    error = runJob({ text }, m_dir.filePath(QStringLiteral("notes.vrt")));
    QVERIFY2(error.startsWith(text) && error.contains(QStringLiteral("cannot be opened as a raster")),
             qPrintable(error));
}

void TestPredictionMosaicJob::anInterruptedPartIsRefused()
{
    // Part 2 of 2 stopped half way and kept for --resume: its ".partial" file has every tag but the
    // last, and joining it would give a map with a hole.
    PredictionRequest request;
    request.input = m_dir.filePath(QStringLiteral("input.tif"));
    request.output = m_dir.filePath(QStringLiteral("stopped2-2-classes.tif"));
    request.part = { 2, 2 };
    {
        PredictionWriter writer(testGrid(), testClasses(), request,
                                QJsonObject { { QStringLiteral("model"), QStringLiteral("A") } });
        writer.keepForResume();
    }
    const QString partial = request.output + QStringLiteral(".partial");
    QVERIFY(QFile::exists(partial));
    const QString error = runJob({ parts(QStringLiteral("of"), 2)[0], partial },
                                 m_dir.filePath(QStringLiteral("stopped.vrt")));
    QVERIFY2(error.startsWith(partial) && error.contains(QStringLiteral("interrupted prediction")),
             qPrintable(error));
}

void TestPredictionMosaicJob::anUnknownExtensionIsRefused()
{
    const QString output = m_dir.filePath(QStringLiteral("joined.png"));
    const QString error = runJob(parts(QStringLiteral("of"), 2), output);
    QVERIFY2(error.contains(QStringLiteral(".vrt")) && error.contains(QStringLiteral(".tif")),
             qPrintable(error));
    QVERIFY(!QFile::exists(output));
}

void TestPredictionMosaicJob::aPartIsNeverOverwritten()
{
    const QStringList files = parts(QStringLiteral("of"), 2);
    const QByteArray before = [&] {
        QFile f(files[1]);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    const QString error = runJob(files, files[1]);
    QVERIFY(!error.isEmpty());
    QFile after(files[1]);
    QVERIFY(after.open(QIODevice::ReadOnly));
    QVERIFY(!before.isEmpty() && after.readAll() == before);
}

QTEST_GUILESS_MAIN(TestPredictionMosaicJob)
#include "testpredictionmosaicjob.moc"
