#include "common/dataerror.h"
#include "export/exportedmodel.h"
#include "export/modelexporter.h"
#include "geodata/rasterdataset.h"
#include "inference/predictionwriter.h"
#include "inference/rasterpredictor.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"
#include "jobs/jobrunner.h"
#include "runtime/torchruntime.h"
#include "testdata.h"
#include "training/trainingjob.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <cpl_string.h>
#include <gdal.h>

#include <cmath>
#include <memory>

using namespace deepterra;

// Whole-raster prediction with a small U-Net trained here (one seeded epoch on the Olinda demo).
class TestRasterPredictor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void outputGridEqualsInputGrid();
    void oneTileAgreesWithManyTiles();
    void verticalBandsGiveTheSameMap();
    void batchSizeDoesNotChangeTheMap();
    void streamsDoNotChangeTheMap_data();
    void streamsDoNotChangeTheMap();
    void noDataPropagates();
    void classTableAndNamesAreInTheGeoTiff();
    void cancelLeavesNoOutput();
    void wrongBandCountIsAClearError();
    void tileSizeFitsTheUNet();
    void exportedModelGivesTheSameMaps();
    void deviceIsChosenPerPrediction();

private:
    PredictionRequest request(const QString &name, int tile, int overlap) const;
    QTemporaryDir m_dir;
    QString m_input; // L7_ETMs as Float32 with a NoData hole
    std::unique_ptr<TrainedModel> m_model;
    // The hole: NoData in band 2 only, so that a pixel is NoData when any channel is.
    const QRect m_hole { 100, 150, 20, 10 };
};

namespace {

// Two prediction outputs of the 349 x 352 input, pixel against pixel.
struct MapDifference
{
    bool sameSize = false;
    bool sameValidity = true;
    std::size_t values = 0;
    std::size_t validValues = 0;
    double largest = 0.0; // over pixels valid in both
};

MapDifference compareMaps(const QString &first, const QString &second)
{
    const QRect all(0, 0, 349, 352);
    const RasterBuffer a = RasterDataset::open(first).readWindow(all);
    const RasterBuffer b = RasterDataset::open(second).readWindow(all);
    MapDifference d;
    d.sameSize = a.values.size() == b.values.size();
    if (!d.sameSize)
        return d;
    d.values = a.values.size();
    for (std::size_t i = 0; i < a.values.size(); ++i) {
        d.sameValidity = d.sameValidity && a.valid[i] == b.valid[i];
        if (a.valid[i] && b.valid[i]) {
            d.largest = std::max(d.largest, double(std::abs(a.values[i] - b.values[i])));
            ++d.validValues;
        }
    }
    return d;
}

} // namespace

void TestRasterPredictor::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QJsonObject project {
        { QStringLiteral("format"), QStringLiteral("deepterra-project") },
        { QStringLiteral("version"), 1 },
        { QStringLiteral("name"), QStringLiteral("olinda") },
        { QStringLiteral("layers"),
          QJsonArray {
              QJsonObject { { QStringLiteral("id"), QStringLiteral("landsat") },
                            { QStringLiteral("kind"), QStringLiteral("imagery") },
                            { QStringLiteral("path"), test::samplePath(QStringLiteral("tif/L7_ETMs.tif")) } },
              QJsonObject { { QStringLiteral("id"), QStringLiteral("training") },
                            { QStringLiteral("kind"), QStringLiteral("vector-labels") },
                            { QStringLiteral("path"),
                              QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg") },
                            { QStringLiteral("classField"), QStringLiteral("landcover") } } } },
        { QStringLiteral("task"),
          QJsonObject { { QStringLiteral("type"), QStringLiteral("segmentation") },
                        { QStringLiteral("image"), QStringLiteral("landsat") },
                        { QStringLiteral("labels"), QStringLiteral("training") },
                        { QStringLiteral("patchSize"), 32 },
                        { QStringLiteral("stride"), 32 } } },
        { QStringLiteral("model"),
          QJsonObject { { QStringLiteral("preset"), QStringLiteral("unet-small") } } },
        { QStringLiteral("training"),
          QJsonObject { { QStringLiteral("epochs"), 1 },
                        { QStringLiteral("batchSize"), 16 },
                        { QStringLiteral("learningRate"), 3e-3 },
                        { QStringLiteral("seed"), 7 },
                        { QStringLiteral("device"), QStringLiteral("cpu") } } }
    };
    const QString projectPath = m_dir.filePath(QStringLiteral("olinda.deepterra"));
    QFile file(projectPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(project).toJson());
    file.close();
    TrainingRequest training;
    training.projectPath = projectPath;
    training.outputFolder = m_dir.filePath(QStringLiteral("run"));
    training.threads = 2;
    TrainingJob job(training);
    Feedback feedback;
    const JobResult result = JobRunner::runBlocking(job, feedback);
    QVERIFY2(result.succeeded(), qPrintable(result.error));
    m_model = std::make_unique<TrainedModel>(TrainedModel::loadRun(m_dir.filePath(QStringLiteral("run"))));

    const RasterDataset landsat = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    const RasterBuffer pixels = landsat.readWindow(QRect(0, 0, landsat.width(), landsat.height()));
    std::vector<double> values(pixels.values.begin(), pixels.values.end());
    for (int y = m_hole.top(); y <= m_hole.bottom(); ++y)
        for (int x = m_hole.left(); x <= m_hole.right(); ++x)
            values[pixels.offset(1, x, y)] = -9999.0;
    test::RasterSpec spec;
    spec.width = landsat.width();
    spec.height = landsat.height();
    spec.bands = 6;
    const auto &c = landsat.info().geoTransform.coefficients();
    spec.originX = c[0];
    spec.originY = c[3];
    spec.pixelSize = c[1];
    spec.crs = QStringLiteral("EPSG:31985");
    spec.hasNoData = true;
    m_input = test::writeRaster(m_dir.filePath(QStringLiteral("input.tif")), spec, values);
}

PredictionRequest TestRasterPredictor::request(const QString &name, int tile, int overlap) const
{
    PredictionRequest r;
    r.input = m_input;
    r.output = m_dir.filePath(name + QStringLiteral("-classes.tif"));
    r.probabilities = m_dir.filePath(name + QStringLiteral("-probabilities.tif"));
    r.confidence = m_dir.filePath(name + QStringLiteral("-confidence.tif"));
    r.tile = tile;
    r.overlap = overlap;
    r.batch = 4;
    return r;
}

void TestRasterPredictor::outputGridEqualsInputGrid()
{
    RasterPredictor predictor(*m_model, request(QStringLiteral("grid"), 64, 16));
    predictor.run();
    const RasterGrid input = RasterGrid::of(RasterDataset::open(m_input).info());
    for (const QString &path :
         { predictor.request().output, predictor.request().probabilities, predictor.request().confidence }) {
        const RasterDataset output = RasterDataset::open(path);
        const RasterGrid grid = RasterGrid::of(output.info());
        QCOMPARE(grid.width, 349);
        QCOMPARE(grid.height, 352);
        QVERIFY2(grid.isAlignedWith(input), qPrintable(path));
        QVERIFY(grid.crs.isSameAs(input.crs));
        QCOMPARE(output.info().bands.front().blockWidth, 256); // tiled
    }
    QCOMPARE(RasterDataset::open(predictor.request().probabilities).bandCount(),
             m_model->metadata().classes().size());
    // DEFLATE, with the floating-point predictor for the Float32 outputs.
    for (const QString &path : { predictor.request().probabilities, predictor.request().confidence }) {
        GDALDatasetH dataset = GDALOpen(path.toUtf8().constData(), GA_ReadOnly);
        QVERIFY(dataset);
        QCOMPARE(QByteArray(GDALGetMetadataItem(dataset, "COMPRESSION", "IMAGE_STRUCTURE")),
                 QByteArray("DEFLATE"));
        QCOMPARE(QByteArray(GDALGetMetadataItem(dataset, "PREDICTOR", "IMAGE_STRUCTURE")), QByteArray("3"));
        GDALClose(dataset);
    }
}

void TestRasterPredictor::oneTileAgreesWithManyTiles()
{
    // One 352-pixel tile covers the whole 349 x 352 raster (3 columns mirrored); 64-pixel tiles
    // overlapping by 32 give 11 x 11 tiles. Away from tile edges a U-Net sees the same context in
    // both, so the blended probabilities differ only slightly where the small tiles cut it.
    RasterPredictor one(*m_model, request(QStringLiteral("one"), 352, 0));
    one.run();
    RasterPredictor many(*m_model, request(QStringLiteral("many"), 64, 32));
    many.run();
    QCOMPARE(one.tile(), 352);
    const RasterBuffer a = RasterDataset::open(one.request().probabilities).readWindow(QRect(0, 0, 349, 352));
    const RasterBuffer b
        = RasterDataset::open(many.request().probabilities).readWindow(QRect(0, 0, 349, 352));
    double sum = 0.0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < a.values.size(); ++i) {
        if (!a.valid[i])
            continue;
        sum += std::abs(a.values[i] - b.values[i]);
        ++count;
    }
    const double meanDifference = sum / double(count);
    const RasterBuffer ca = RasterDataset::open(one.request().output).readWindow(QRect(0, 0, 349, 352));
    const RasterBuffer cb = RasterDataset::open(many.request().output).readWindow(QRect(0, 0, 349, 352));
    std::size_t same = 0;
    std::size_t valid = 0;
    for (std::size_t i = 0; i < ca.values.size(); ++i) {
        if (!ca.valid[i])
            continue;
        ++valid;
        same += ca.values[i] == cb.values[i] ? 1 : 0;
    }
    const double agreement = double(same) / double(valid);
    qInfo("mean |p1 - p2| = %.4f, class agreement %.4f", meanDifference, agreement);
    QVERIFY2(meanDifference < 0.01, qPrintable(QString::number(meanDifference)));
    QVERIFY2(agreement > 0.98, qPrintable(QString::number(agreement)));
}

void TestRasterPredictor::batchSizeDoesNotChangeTheMap()
{
    // 64-pixel tiles overlapping by 16 on 349 x 352: 8 x 8 tiles, in two bands of 6 and 3 tile
    // columns (48 and 24 tiles). Batches of 5 take tiles from two or three tile rows at once, and
    // each band's last batch (3 and 4 tiles) is padded; one tile per batch is the reference.
    PredictionRequest single = request(QStringLiteral("batch1"), 64, 16);
    single.batch = 1;
    single.bandWidth = 200;
    PredictionRequest mixed = request(QStringLiteral("batch5"), 64, 16);
    mixed.batch = 5;
    mixed.bandWidth = 200;
    RasterPredictor(*m_model, single).run();
    RasterPredictor(*m_model, mixed).run();
    const MapDifference d = compareMaps(single.probabilities, mixed.probabilities);
    QVERIFY(d.sameSize);
    QVERIFY(d.sameValidity);
    QVERIFY(d.validValues > d.values / 2);
    QVERIFY2(d.largest < 1e-5, qPrintable(QString::number(d.largest)));
}

void TestRasterPredictor::verticalBandsGiveTheSameMap()
{
    // 349 columns in bands of 256: columns 0-255 and 256-348. Tiles straddling column 256 are
    // computed in both bands, on the same lattice, so every pixel blends the same tiles.
    PredictionRequest whole = request(QStringLiteral("whole"), 64, 16);
    PredictionRequest banded = request(QStringLiteral("banded"), 64, 16);
    banded.bandWidth = 200; // rounded up to the outputs' 256-pixel blocks
    RasterPredictor(*m_model, whole).run();
    RasterPredictor(*m_model, banded).run();
    const QRect all(0, 0, 349, 352);
    const MapDifference d = compareMaps(whole.probabilities, banded.probabilities);
    QVERIFY(d.sameSize);
    QVERIFY(d.sameValidity);
    QVERIFY2(d.largest < 1e-5, qPrintable(QString::number(d.largest)));
    const RasterBuffer ca = RasterDataset::open(whole.output).readWindow(all);
    const RasterBuffer cb = RasterDataset::open(banded.output).readWindow(all);
    std::size_t differ = 0;
    for (std::size_t i = 0; i < ca.values.size(); ++i)
        differ += ca.values[i] != cb.values[i] ? 1 : 0;
    QCOMPARE(differ, std::size_t(0));
    // The second band's last pixel was written (a missing band reads as the class map's NoData).
    QVERIFY(cb.valid[cb.offset(0, 348, 351)]);
}

void TestRasterPredictor::streamsDoNotChangeTheMap_data()
{
    QTest::addColumn<int>("streams");
    QTest::addColumn<int>("batch");
    // 64-pixel tiles overlapping by 16, bands of 6 and 3 tile columns. Three streams of 5: up to 20
    // tiles from several tile rows not yet blended when a row is read. Two streams of 2: the blender
    // holds 112 of the 352 rows, so rows must leave it as soon as their batches are blended.
    QTest::newRow("3 streams, batch 5") << 3 << 5;
    QTest::newRow("2 streams, batch 2") << 2 << 2;
}

// Rows go to the writer only once all their tiles are blended, whatever the batches in flight; one
// stream, one tile per batch is the reference.
void TestRasterPredictor::streamsDoNotChangeTheMap()
{
    QFETCH(int, streams);
    QFETCH(int, batch);
    PredictionRequest one = request(QStringLiteral("stream1"), 64, 16);
    one.batch = 1;
    one.bandWidth = 200;
    one.threads = streams;
    one.streams = 1;
    PredictionRequest many = request(QStringLiteral("streams%1-%2").arg(streams).arg(batch), 64, 16);
    many.batch = batch;
    many.bandWidth = 200;
    many.threads = streams;
    many.streams = streams;
    RasterPredictor(*m_model, one).run();
    RasterPredictor predictor(*m_model, many);
    QCOMPARE(predictor.request().streams, streams);
    predictor.run();
    const MapDifference d = compareMaps(one.probabilities, many.probabilities);
    QVERIFY(d.sameSize);
    QVERIFY(d.sameValidity);
    QVERIFY(d.validValues > d.values / 2);
    QVERIFY2(d.largest < 1e-5, qPrintable(QString::number(d.largest)));
}

void TestRasterPredictor::noDataPropagates()
{
    RasterPredictor predictor(*m_model, request(QStringLiteral("nodata"), 64, 16));
    predictor.run();
    const int noData = PredictionWriter::classNoData(m_model->metadata().classes());
    const RasterDataset classes = RasterDataset::open(predictor.request().output);
    QCOMPARE(classes.info().bands.front().noData.value_or(-1.0), double(noData));
    const RasterBuffer map = classes.readWindow(QRect(0, 0, 349, 352));
    const RasterBuffer probabilities
        = RasterDataset::open(predictor.request().probabilities).readWindow(QRect(0, 0, 349, 352));
    const RasterBuffer confidence
        = RasterDataset::open(predictor.request().confidence).readWindow(QRect(0, 0, 349, 352));
    for (int y = 0; y < 352; ++y) {
        for (int x = 0; x < 349; ++x) {
            const bool inHole = m_hole.contains(x, y);
            QCOMPARE(map.isValid(0, x, y), !inHole);
            QCOMPARE(probabilities.isValid(0, x, y), !inHole);
            QCOMPARE(confidence.isValid(0, x, y), !inHole);
            if (!inHole) {
                QVERIFY(m_model->metadata().classes().findValue(int(map.value(0, x, y))));
                double total = 0.0;
                for (int c = 0; c < probabilities.bandCount(); ++c)
                    total += probabilities.value(c, x, y);
                QVERIFY(std::abs(total - 1.0) < 1e-4);
            }
        }
    }
}

void TestRasterPredictor::classTableAndNamesAreInTheGeoTiff()
{
    RasterPredictor predictor(*m_model, request(QStringLiteral("colours"), 0, -1));
    predictor.run();
    // Read back with GDAL itself, not through Deepterra's reader.
    GDALDatasetH dataset = GDALOpen(predictor.request().output.toUtf8().constData(), GA_ReadOnly);
    QVERIFY(dataset);
    GDALRasterBandH band = GDALGetRasterBand(dataset, 1);
    GDALColorTableH colors = GDALGetRasterColorTable(band);
    QVERIFY(colors);
    char **names = GDALGetRasterCategoryNames(band);
    QVERIFY(names);
    QVERIFY(!m_model->metadata().classes().isEmpty());
    for (const ClassEntry &entry : m_model->metadata().classes().entries) {
        const GDALColorEntry *color = GDALGetColorEntry(colors, entry.value);
        QVERIFY(color);
        QCOMPARE(color->c1, short(entry.color.red));
        QCOMPARE(color->c2, short(entry.color.green));
        QCOMPARE(color->c3, short(entry.color.blue));
        QVERIFY(CSLCount(names) > entry.value);
        QCOMPARE(QString::fromUtf8(names[entry.value]), entry.name);
    }
    GDALDatasetH probabilities
        = GDALOpen(predictor.request().probabilities.toUtf8().constData(), GA_ReadOnly);
    QVERIFY(probabilities);
    QCOMPARE(QString::fromUtf8(GDALGetDescription(GDALGetRasterBand(probabilities, 1))),
             m_model->metadata().classes().entries.front().name);
    const QString compression
        = QString::fromUtf8(GDALGetMetadataItem(dataset, "COMPRESSION", "IMAGE_STRUCTURE"));
    QCOMPARE(compression, QStringLiteral("DEFLATE"));
    GDALClose(probabilities);
    GDALClose(dataset);
}

void TestRasterPredictor::cancelLeavesNoOutput()
{
    Feedback feedback;
    // Cancel as soon as the first strip is done: the job stops within one batch.
    connect(
        &feedback, &Feedback::progressChanged, &feedback,
        [&feedback](double percent) {
            if (percent > 0.0)
                feedback.cancel();
        },
        Qt::DirectConnection);
    RasterPredictor predictor(*m_model, request(QStringLiteral("cancel"), 64, 16));
    QVERIFY_THROWS_EXCEPTION(JobCanceled, predictor.run(&feedback));
    const QStringList left = QDir(m_dir.path()).entryList({ QStringLiteral("cancel*") }, QDir::Files);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QStringLiteral(", "))));
}

void TestRasterPredictor::wrongBandCountIsAClearError()
{
    test::RasterSpec spec;
    spec.width = 40;
    spec.height = 40;
    spec.bands = 3;
    spec.crs = QStringLiteral("EPSG:31985");
    const QString three = test::writeRaster(m_dir.filePath(QStringLiteral("three.tif")), spec,
                                            std::vector<double>(3 * 40 * 40, 1.0));
    PredictionRequest r = request(QStringLiteral("bands"), 64, 16);
    r.input = three;
    RasterPredictor predictor(*m_model, r);
    QString path;
    const QString cause = test::dataErrorCause([&] { predictor.run(); }, &path);
    QCOMPARE(path, three);
    QVERIFY2(cause.startsWith(QStringLiteral("the model needs 6 bands")), qPrintable(cause));
    QVERIFY(cause.endsWith(QStringLiteral("but the raster has 3")));
    QVERIFY(!QFile::exists(r.output));
}

void TestRasterPredictor::tileSizeFitsTheUNet()
{
    // unet-small has depth 3: tiles are multiples of 8. The default is 256 (a multiple of the
    // 32-pixel training patch), overlap a quarter of it.
    QCOMPARE(RasterPredictor(*m_model, request(QStringLiteral("t"), 0, -1)).tile(), 256);
    QCOMPARE(RasterPredictor(*m_model, request(QStringLiteral("t"), 0, -1)).overlap(), 64);
    QCOMPARE(RasterPredictor(*m_model, request(QStringLiteral("t"), 100, 10)).tile(), 104);
    QCOMPARE(RasterPredictor(*m_model, request(QStringLiteral("t"), 100, 500)).overlap(), 103);
}

void TestRasterPredictor::exportedModelGivesTheSameMaps()
{
    // The run exported as deepterra-cli export does it (TorchScript with the card inside, and the
    // card file), loaded back with the card file as predict MODEL.pt --card CARD.json does.
    const QString pt = m_dir.filePath(QStringLiteral("exported.pt"));
    const QString card = m_dir.filePath(QStringLiteral("exported.json"));
    ModelExporter::exportRun(*m_model, ExportFormat::TorchScript, pt);
    ModelExporter::exportRun(*m_model, ExportFormat::Card, card);
    const ExportedModel exported = ExportedModel::load(pt, card);

    RasterPredictor fromRun(*m_model, request(QStringLiteral("from-run"), 64, 16));
    fromRun.run();
    RasterPredictor fromExport(exported, request(QStringLiteral("from-export"), 64, 16));
    fromExport.run();
    QCOMPARE(RasterPredictor(exported, request(QStringLiteral("t"), 0, -1)).tile(), 256);

    // The TorchScript module runs the engine's ATen operators on the same weights, and the card
    // brings the run's normalisation and classes: the same numbers, NoData hole included.
    const QRect all(0, 0, 349, 352);
    const RasterBuffer mapRun = RasterDataset::open(fromRun.request().output).readWindow(all);
    const RasterBuffer mapExport = RasterDataset::open(fromExport.request().output).readWindow(all);
    QCOMPARE(mapExport.values.size(), mapRun.values.size());
    std::size_t differ = 0;
    std::size_t valid = 0;
    for (std::size_t i = 0; i < mapRun.values.size(); ++i) {
        differ += mapRun.valid[i] != mapExport.valid[i] || mapRun.values[i] != mapExport.values[i] ? 1 : 0;
        valid += mapRun.valid[i] ? 1 : 0;
    }
    QCOMPARE(differ, std::size_t(0));
    QCOMPARE(valid, std::size_t(349 * 352 - m_hole.width() * m_hole.height()));
    for (const auto &[a, b] :
         { std::pair { fromRun.request().probabilities, fromExport.request().probabilities },
           std::pair { fromRun.request().confidence, fromExport.request().confidence } }) {
        const RasterDataset runRaster = RasterDataset::open(a);
        const RasterDataset exportRaster = RasterDataset::open(b);
        QCOMPARE(exportRaster.bandCount(), runRaster.bandCount());
        const RasterBuffer x = runRaster.readWindow(all);
        const RasterBuffer y = exportRaster.readWindow(all);
        double largest = 0.0;
        for (std::size_t i = 0; i < x.values.size(); ++i) {
            QCOMPARE(x.valid[i], y.valid[i]);
            if (x.valid[i])
                largest = std::max(largest, std::abs(double(x.values[i]) - double(y.values[i])));
        }
        qInfo("%s: largest difference %.3g", qPrintable(QFileInfo(b).fileName()), largest);
        QVERIFY2(largest <= 1e-5, qPrintable(QString::number(largest)));
    }
}

// Where the network runs is the request's: a GPU this machine lacks is refused before anything is
// written; where there is one (scripts/gpu-check.sh runs this test there), its maps are the CPU's
// within float tolerance.
void TestRasterPredictor::deviceIsChosenPerPrediction()
{
    PredictionRequest cpu = request(QStringLiteral("device-cpu"), 64, 16);
    cpu.device = QStringLiteral("cpu");
    QCOMPARE(RasterPredictor(*m_model, cpu).request().device, QStringLiteral("cpu"));
    PredictionRequest automatic = request(QStringLiteral("device-auto"), 64, 16);
    QCOMPARE(automatic.device, QStringLiteral("auto"));
    QCOMPARE(RasterPredictor(*m_model, automatic).request().device, TorchRuntime::defaultDevice());

    PredictionRequest gpu = request(QStringLiteral("device-gpu"), 64, 16);
    gpu.device = QStringLiteral("cuda:0");
    if (!TorchRuntime::cudaAvailable()) {
        const QString cause = test::dataErrorCause([&] { RasterPredictor(*m_model, gpu).run(); });
        QVERIFY2(cause.contains(QStringLiteral("no CUDA GPU is usable")), qPrintable(cause));
        QVERIFY(!QFile::exists(gpu.output));
        return;
    }
    RasterPredictor onGpu(*m_model, gpu);
    QCOMPARE(onGpu.request().streams, 1);
    onGpu.run();
    RasterPredictor(*m_model, cpu).run();
    const MapDifference d = compareMaps(cpu.probabilities, gpu.probabilities);
    QVERIFY(d.sameSize);
    QVERIFY(d.sameValidity);
    QVERIFY(d.validValues > d.values / 2);
    qInfo("largest probability difference CPU against GPU: %g", d.largest);
    QVERIFY2(d.largest < 1e-3, qPrintable(QString::number(d.largest)));
}

QTEST_GUILESS_MAIN(TestRasterPredictor)
#include "testrasterpredictor.moc"
