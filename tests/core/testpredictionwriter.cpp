#include "common/dataerror.h"
#include "inference/predictionwriter.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>

#include <cmath>

using namespace deepterra;

// The GeoTIFFs of a prediction, from strips of known probabilities written band by band in uneven
// row counts; read back with GDAL itself. Expected values are computed here from the probabilities.
class TestPredictionWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classMapProbabilitiesAndMaxProbability();
    void entropyConfidence();
    void reconstructionErrorMap();
    void gridAndCrsAreTheInputs();
    void outputsAreCompressed();
    void withoutFinishNoFileIsLeft();
    void unwritableOutputNamesTheFile();

private:
    QTemporaryDir m_dir;
};

namespace {

constexpr int kWidth = 300; // two bands of columns: [0, 256) and [256, 300)
constexpr int kHeight = 70;

RasterGrid testGrid()
{
    RasterGrid grid;
    grid.width = kWidth;
    grid.height = kHeight;
    grid.geoTransform = GeoTransform::fromOriginAndPixelSize(500000.0, 9100000.0, 30.0, -30.0);
    grid.crs = CrsInfo::fromUserInput(QStringLiteral("EPSG:32725"));
    return grid;
}

// Classes whose values are neither 0.. nor consecutive: the map holds values, not indices.
ClassTable testClasses()
{
    const auto entry
        = [](int value, const char *name, std::uint8_t red, std::uint8_t green, std::uint8_t blue) {
              ClassEntry e;
              e.value = value;
              e.name = QString::fromLatin1(name);
              e.color.red = red;
              e.color.green = green;
              e.color.blue = blue;
              return e;
          };
    ClassTable classes;
    classes.entries
        = { entry(1, "water", 0, 0, 255), entry(2, "forest", 0, 128, 0), entry(5, "urban", 200, 0, 0) };
    return classes;
}

// Class probabilities at pixel (x, y): a softmax of smooth fields, so every class wins somewhere.
std::vector<double> probabilitiesAt(int x, int y, int classes)
{
    std::vector<double> p(static_cast<std::size_t>(classes));
    double total = 0.0;
    for (int c = 0; c < classes; ++c) {
        p[std::size_t(c)] = std::exp(2.0 * std::sin(0.05 * x + 2.0 * c) + std::cos(0.07 * y * (c + 1)));
        total += p[std::size_t(c)];
    }
    for (double &v : p)
        v /= total;
    return p;
}

bool validAt(int x, int y)
{
    return !(x >= 250 && x < 270 && y >= 20 && y < 30) && !(x == 7 && y == 66);
}

// Writes the whole grid: the bands in turn, each in strips of 17, 30 and the rest of the rows.
void writeAll(PredictionWriter &writer, int planes, bool anomaly)
{
    for (const auto &[first, end] : { std::pair { 0, 256 }, std::pair { 256, kWidth } }) {
        int row = 0;
        for (int rows : { 17, 30, kHeight - 47 }) {
            PredictionStrip strip;
            strip.firstRow = row;
            strip.rows = rows;
            strip.firstColumn = first;
            strip.width = end - first;
            strip.planes = planes;
            const std::size_t plane = std::size_t(rows) * std::size_t(strip.width);
            strip.values.resize(std::size_t(planes) * plane);
            strip.valid.resize(plane);
            for (int y = 0; y < rows; ++y)
                for (int x = 0; x < strip.width; ++x) {
                    const std::size_t i = std::size_t(y) * std::size_t(strip.width) + std::size_t(x);
                    strip.valid[i] = validAt(first + x, row + y) ? 1 : 0;
                    if (anomaly) {
                        strip.values[i] = float(0.001 * (first + x) + 0.01 * (row + y));
                        continue;
                    }
                    const std::vector<double> p = probabilitiesAt(first + x, row + y, planes);
                    for (int c = 0; c < planes; ++c)
                        strip.values[std::size_t(c) * plane + i] = float(p[std::size_t(c)]);
                }
            writer.write(strip);
            row += rows;
        }
    }
}

// One band of a GeoTIFF as doubles, and its NoData value.
struct Band
{
    std::vector<double> values;
    double noData = 0.0;
    bool hasNoData = false;
    GDALDataType type = GDT_Unknown;
    double at(int x, int y) const { return values[std::size_t(y) * kWidth + std::size_t(x)]; }
};

Band readBand(const QString &path, int number)
{
    Band band;
    GDALDatasetH dataset = GDALOpen(path.toUtf8().constData(), GA_ReadOnly);
    if (!dataset)
        return band;
    GDALRasterBandH b = GDALGetRasterBand(dataset, number);
    if (b && GDALGetRasterXSize(dataset) == kWidth && GDALGetRasterYSize(dataset) == kHeight) {
        band.values.resize(std::size_t(kWidth) * kHeight);
        int ok = 0;
        band.noData = GDALGetRasterNoDataValue(b, &ok);
        band.hasNoData = ok != 0;
        band.type = GDALGetRasterDataType(b);
        if (GDALRasterIO(b, GF_Read, 0, 0, kWidth, kHeight, band.values.data(), kWidth, kHeight, GDT_Float64,
                         0, 0)
            != CE_None)
            band.values.clear();
    }
    GDALClose(dataset);
    return band;
}

} // namespace

void TestPredictionWriter::classMapProbabilitiesAndMaxProbability()
{
    PredictionRequest request;
    request.output = m_dir.filePath(QStringLiteral("map.tif"));
    request.probabilities = m_dir.filePath(QStringLiteral("probabilities.tif"));
    request.confidence = m_dir.filePath(QStringLiteral("confidence.tif"));
    const ClassTable classes = testClasses();
    {
        PredictionWriter writer(testGrid(), classes, request);
        writeAll(writer, 3, false);
        writer.finish();
    }
    const Band map = readBand(request.output, 1);
    QCOMPARE(map.values.size(), std::size_t(kWidth) * kHeight);
    QCOMPARE(map.type, GDT_Byte);
    QVERIFY(map.hasNoData);
    QCOMPARE(map.noData, 0.0); // no class uses 0
    std::vector<Band> probabilities;
    for (int c = 1; c <= 3; ++c) {
        probabilities.push_back(readBand(request.probabilities, c));
        QCOMPARE(probabilities.back().values.size(), std::size_t(kWidth) * kHeight);
        QCOMPARE(probabilities.back().noData, double(PredictionWriter::kProbabilityNoData));
    }
    const Band confidence = readBand(request.confidence, 1);
    QCOMPARE(confidence.values.size(), std::size_t(kWidth) * kHeight);
    QCOMPARE(confidence.noData, double(PredictionWriter::kProbabilityNoData));

    std::vector<int> wins(3, 0);
    for (int y = 0; y < kHeight; ++y)
        for (int x = 0; x < kWidth; ++x) {
            if (!validAt(x, y)) {
                QCOMPARE(map.at(x, y), 0.0);
                QCOMPARE(confidence.at(x, y), double(PredictionWriter::kProbabilityNoData));
                for (const Band &p : probabilities)
                    QCOMPARE(p.at(x, y), double(PredictionWriter::kProbabilityNoData));
                continue;
            }
            const std::vector<double> p = probabilitiesAt(x, y, 3);
            const int best = int(std::max_element(p.begin(), p.end()) - p.begin());
            ++wins[std::size_t(best)];
            QCOMPARE(map.at(x, y), double(classes.entries[std::size_t(best)].value));
            QVERIFY2(std::abs(confidence.at(x, y) - p[std::size_t(best)]) < 1e-6,
                     qPrintable(QStringLiteral("confidence at %1, %2").arg(x).arg(y)));
            for (int c = 0; c < 3; ++c)
                QVERIFY(std::abs(probabilities[std::size_t(c)].at(x, y) - p[std::size_t(c)]) < 1e-6);
        }
    for (int c = 0; c < 3; ++c)
        QVERIFY2(wins[std::size_t(c)] > 100, "every class should win somewhere");
}

void TestPredictionWriter::entropyConfidence()
{
    PredictionRequest request;
    request.output = m_dir.filePath(QStringLiteral("entropy-map.tif"));
    request.confidence = m_dir.filePath(QStringLiteral("entropy.tif"));
    request.confidenceKind = ConfidenceKind::Entropy;
    {
        PredictionWriter writer(testGrid(), testClasses(), request);
        writeAll(writer, 3, false);
        writer.finish();
    }
    const Band entropy = readBand(request.confidence, 1);
    QCOMPARE(entropy.values.size(), std::size_t(kWidth) * kHeight);
    double lowest = 10.0;
    double highest = 0.0;
    for (int y = 0; y < kHeight; ++y)
        for (int x = 0; x < kWidth; ++x) {
            if (!validAt(x, y)) {
                QCOMPARE(entropy.at(x, y), double(PredictionWriter::kProbabilityNoData));
                continue;
            }
            double expected = 0.0;
            for (double p : probabilitiesAt(x, y, 3))
                expected -= p * std::log(p);
            QVERIFY2(std::abs(entropy.at(x, y) - expected) < 1e-5,
                     qPrintable(QStringLiteral("entropy at %1, %2: %3 instead of %4")
                                    .arg(x)
                                    .arg(y)
                                    .arg(entropy.at(x, y))
                                    .arg(expected)));
            lowest = std::min(lowest, expected);
            highest = std::max(highest, expected);
        }
    // The fields span confident and uncertain pixels (ln 3 = 1.0986 at most).
    QVERIFY(lowest < 0.3);
    QVERIFY(highest > 0.9);
}

void TestPredictionWriter::reconstructionErrorMap()
{
    PredictionRequest request;
    request.output = m_dir.filePath(QStringLiteral("anomaly.tif"));
    {
        PredictionWriter writer(testGrid(), ClassTable(), request);
        writeAll(writer, 1, true);
        writer.finish();
    }
    const Band errors = readBand(request.output, 1);
    QCOMPARE(errors.values.size(), std::size_t(kWidth) * kHeight);
    QCOMPARE(errors.type, GDT_Float32);
    QCOMPARE(errors.noData, PredictionWriter::kAnomalyNoData);
    for (int y = 0; y < kHeight; ++y)
        for (int x = 0; x < kWidth; ++x)
            QCOMPARE(float(errors.at(x, y)),
                     validAt(x, y) ? float(0.001 * x + 0.01 * y) : float(PredictionWriter::kAnomalyNoData));
}

void TestPredictionWriter::gridAndCrsAreTheInputs()
{
    PredictionRequest request;
    request.output = m_dir.filePath(QStringLiteral("grid.tif"));
    const RasterGrid grid = testGrid();
    {
        PredictionWriter writer(grid, testClasses(), request);
        writeAll(writer, 3, false);
        writer.finish();
    }
    GDALDatasetH dataset = GDALOpen(request.output.toUtf8().constData(), GA_ReadOnly);
    QVERIFY(dataset);
    double transform[6] = {};
    QCOMPARE(GDALGetGeoTransform(dataset, transform), CE_None);
    for (int i = 0; i < 6; ++i)
        QCOMPARE(transform[i], grid.geoTransform.coefficients()[std::size_t(i)]);
    const CrsInfo crs = CrsInfo::fromWkt(QString::fromUtf8(GDALGetProjectionRef(dataset)));
    QVERIFY(crs.isSameAs(grid.crs));
    int blockWidth = 0;
    int blockHeight = 0;
    GDALGetBlockSize(GDALGetRasterBand(dataset, 1), &blockWidth, &blockHeight);
    QCOMPARE(blockWidth, PredictionWriter::kBlockSize);
    QCOMPARE(blockHeight, PredictionWriter::kBlockSize);
    GDALClose(dataset);
}

// Tiled DEFLATE for every output; float maps add the floating-point predictor, without which a
// confidence map compresses a fifth worse.
void TestPredictionWriter::outputsAreCompressed()
{
    PredictionRequest request;
    request.output = m_dir.filePath(QStringLiteral("compressed.tif"));
    request.confidence = m_dir.filePath(QStringLiteral("compressed-confidence.tif"));
    {
        PredictionWriter writer(testGrid(), testClasses(), request);
        writeAll(writer, 3, false);
        writer.finish();
    }
    for (const QString &path : { request.output, request.confidence }) {
        GDALDatasetH dataset = GDALOpen(path.toUtf8().constData(), GA_ReadOnly);
        QVERIFY(dataset);
        const QString compression
            = QString::fromUtf8(GDALGetMetadataItem(dataset, "COMPRESSION", "IMAGE_STRUCTURE"));
        const QString predictor
            = QString::fromUtf8(GDALGetMetadataItem(dataset, "PREDICTOR", "IMAGE_STRUCTURE"));
        GDALClose(dataset);
        QCOMPARE(compression, QStringLiteral("DEFLATE"));
        QCOMPARE(predictor, path == request.confidence ? QStringLiteral("3") : QString());
    }
}

void TestPredictionWriter::withoutFinishNoFileIsLeft()
{
    PredictionRequest request;
    request.output = m_dir.filePath(QStringLiteral("unfinished.tif"));
    request.confidence = m_dir.filePath(QStringLiteral("unfinished-confidence.tif"));
    {
        PredictionWriter writer(testGrid(), testClasses(), request);
        writeAll(writer, 3, false);
        QVERIFY(QFile::exists(request.output + QStringLiteral(".partial")));
    }
    QVERIFY(!QFile::exists(request.output));
    QVERIFY(!QFile::exists(request.output + QStringLiteral(".partial")));
    QVERIFY(!QFile::exists(request.confidence));
    QVERIFY(!QFile::exists(request.confidence + QStringLiteral(".partial")));
}

void TestPredictionWriter::unwritableOutputNamesTheFile()
{
    PredictionRequest request;
    request.output = m_dir.filePath(QStringLiteral("no-such-folder/map.tif"));
    try {
        PredictionWriter writer(testGrid(), testClasses(), request);
        QFAIL("a map in a missing folder should be refused");
    } catch (const DataError &error) {
        QVERIFY2(error.message().contains(request.output), qPrintable(error.message()));
    }
}

QTEST_GUILESS_MAIN(TestPredictionWriter)
#include "testpredictionwriter.moc"
