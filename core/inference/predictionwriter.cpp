#include "inference/predictionwriter.h"

#include "common/atomicfile.h"
#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "common/systemwritefailure.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"

#include <QFile>

#include <cpl_string.h>
#include <gdal.h>

#include <algorithm>
#include <cerrno>
#include <cmath>

namespace deepterra {

namespace {

constexpr int kBlock = PredictionWriter::kBlockSize;

QString partialPath(const QString &path)
{
    return path + QStringLiteral(".partial");
}

// GDAL's first failure since `errors` was opened, without libtiff's function-name prefix
// ("_tiffWriteProc:No space left on device"): the first one is the cause, the later ones its echoes.
// Where GDAL gives no system reason ("Write error at scanline 256", GDAL 3.10), the system's one
// leads: a geoscientist can act on "No space left on device".
QString writeFailure(const GdalErrorScope &errors, int savedErrno, const QString &writtenPath)
{
    QString message;
    if (!errors.errors().isEmpty()) {
        message = errors.errors().constFirst();
        const int colon = message.indexOf(QLatin1Char(':'));
        if (colon > 0 && !message.left(colon).contains(QLatin1Char(' ')))
            message = message.mid(colon + 1).trimmed();
    }
    const QString system = SystemWriteFailure::reason(savedErrno, writtenPath);
    if (system.isEmpty() || message.contains(system))
        return message.isEmpty() ? QStringLiteral("write failed") : message;
    return message.isEmpty() ? system : QStringLiteral("%1 (%2)").arg(system, message);
}

// One output file and the rows waiting for a whole row of TIFF blocks.
struct OutputFile
{
    QString path;
    GDALDatasetH dataset = nullptr;
    GDALDataType type = GDT_Float32;
    int bands = 1;
    std::vector<float> pending; // band after band, kBlock rows x pendingWidth each
};

} // namespace

struct PredictionWriter::Private
{
    RasterGrid grid;
    ClassTable classes;
    ConfidenceKind confidenceKind = ConfidenceKind::MaxProbability;
    int classNoData = 0;
    // [0] class map or anomaly map, then probabilities, confidence, uncertainty
    std::vector<OutputFile> files;
    int probabilitiesIndex = -1;
    int confidenceIndex = -1;
    int uncertaintyIndex = -1;
    int pendingFirstRow = 0;
    int pendingRows = 0;
    int pendingFirstColumn = 0;
    int pendingWidth = 0;
    bool finished = false;

    int uncertaintyFirstPlane = 0; // the strip's first uncertainty plane
    void create(OutputFile &file, const QString &path, GDALDataType type, int bands);
    void createUncertainty(const PredictionRequest &request, bool classify);
    void flushPending();
    void closeAll();
};

void PredictionWriter::Private::create(OutputFile &file, const QString &path, GDALDataType type, int bands)
{
    GdalErrorScope errors;
    file.path = path;
    file.type = type;
    file.bands = bands;
    char **options = nullptr;
    options = CSLSetNameValue(options, "TILED", "YES");
    options = CSLSetNameValue(options, "BLOCKXSIZE", QByteArray::number(kBlock).constData());
    options = CSLSetNameValue(options, "BLOCKYSIZE", QByteArray::number(kBlock).constData());
    options = CSLSetNameValue(options, "COMPRESS", "DEFLATE");
    // The floating-point predictor (byte planes of neighbour differences) lets DEFLATE find the
    // smoothness of probabilities and errors: a 20000 x 600 confidence map takes 28 instead of 35 MB.
    // DEFLATE's fastest level costs float maps 2 % of their size (4096 x 4096 confidence: 40.3
    // instead of 39.5 MB) and halves the time compressing them (0.75 instead of 1.26 s), time the
    // network would otherwise share its cores with.
    if (type == GDT_Float32) {
        options = CSLSetNameValue(options, "PREDICTOR", "3");
        options = CSLSetNameValue(options, "ZLEVEL", "1");
    }
    options = CSLSetNameValue(options, "BIGTIFF", "IF_SAFER");
    if (bands > 1)
        options = CSLSetNameValue(options, "INTERLEAVE", "BAND");
    file.dataset = GDALCreate(GDALGetDriverByName("GTiff"), partialPath(path).toUtf8().constData(),
                              grid.width, grid.height, bands, type, options);
    CSLDestroy(options);
    if (!file.dataset)
        throw DataError(path,
                        QStringLiteral("cannot create the output: %1")
                            .arg(errors.lastError(QStringLiteral("GDAL refused the GeoTIFF"))));
    const std::array<double, 6> c = grid.geoTransform.coefficients();
    double transform[6] = { c[0], c[1], c[2], c[3], c[4], c[5] };
    GDALSetGeoTransform(file.dataset, transform);
    if (grid.crs.isValid())
        GDALSetProjection(file.dataset, grid.crs.wkt.toUtf8().constData());
}

PredictionWriter::PredictionWriter(const RasterGrid &grid, const ClassTable &classes,
                                   const PredictionRequest &request)
    : d(std::make_unique<Private>())
{
    // Before any file is created: the input and any existing file of another kind stay untouched.
    OutputPathCheck::check({ request.input }, request.outputs());
    QStringList partials;
    for (const QString &output : request.outputs())
        partials << (output.isEmpty() ? QString() : partialPath(output));
    OutputPathCheck::check({ request.input }, partials);
    GdalEnvironment::ensureInitialized();
    d->grid = grid;
    d->classes = classes;
    d->confidenceKind = request.confidenceKind;
    d->files.reserve(4);
    if (classes.isEmpty()) {
        d->files.emplace_back();
        d->create(d->files.back(), request.output, GDT_Float32, 1);
        GDALRasterBandH band = GDALGetRasterBand(d->files.back().dataset, 1);
        GDALSetRasterNoDataValue(band, kAnomalyNoData);
        GDALSetDescription(band, "reconstruction error");
        d->createUncertainty(request, false);
        return;
    }
    d->classNoData = classNoData(classes);
    const int maxValue = std::max(d->classNoData, classes.entries.back().value);
    d->files.emplace_back();
    d->create(d->files.back(), request.output, maxValue <= 255 ? GDT_Byte : GDT_UInt16, 1);
    GDALRasterBandH band = GDALGetRasterBand(d->files.back().dataset, 1);
    GDALSetRasterNoDataValue(band, d->classNoData);
    GDALSetDescription(band, "class");
    // Colours and names at each class's value; other entries stay transparent and unnamed.
    GDALColorTableH colors = GDALCreateColorTable(GPI_RGB);
    const int tableSize = std::max(classes.entries.back().value + 1, 1);
    std::vector<QByteArray> names(static_cast<std::size_t>(tableSize));
    for (int i = 0; i < tableSize; ++i) {
        const GDALColorEntry none { 0, 0, 0, 0 };
        GDALSetColorEntry(colors, i, &none);
    }
    for (const ClassEntry &entry : classes.entries) {
        if (entry.value < 0)
            continue;
        const GDALColorEntry color { entry.color.red, entry.color.green, entry.color.blue, 255 };
        GDALSetColorEntry(colors, entry.value, &color);
        names[std::size_t(entry.value)] = entry.name.toUtf8();
    }
    GDALSetRasterColorTable(band, colors);
    GDALDestroyColorTable(colors);
    std::vector<char *> list;
    for (QByteArray &name : names)
        list.push_back(name.data());
    list.push_back(nullptr);
    GDALSetRasterCategoryNames(band, list.data());

    if (!request.probabilities.isEmpty()) {
        d->probabilitiesIndex = int(d->files.size());
        d->files.emplace_back();
        d->create(d->files.back(), request.probabilities, GDT_Float32, classes.size());
        for (int c = 0; c < classes.size(); ++c) {
            GDALRasterBandH b = GDALGetRasterBand(d->files.back().dataset, c + 1);
            GDALSetRasterNoDataValue(b, kProbabilityNoData);
            GDALSetDescription(b, classes.entries[std::size_t(c)].name.toUtf8().constData());
        }
    }
    if (!request.confidence.isEmpty()) {
        d->confidenceIndex = int(d->files.size());
        d->files.emplace_back();
        d->create(d->files.back(), request.confidence, GDT_Float32, 1);
        GDALRasterBandH b = GDALGetRasterBand(d->files.back().dataset, 1);
        GDALSetRasterNoDataValue(b, kProbabilityNoData);
        GDALSetDescription(b,
                           request.confidenceKind == ConfidenceKind::Entropy ? "entropy" : "max probability");
    }
    d->createUncertainty(request, true);
}

void PredictionWriter::Private::createUncertainty(const PredictionRequest &request, bool classify)
{
    if (!request.uncertainty.enabled())
        return;
    if (request.uncertaintyOutput.isEmpty())
        throw DataError(request.output,
                        QStringLiteral("an uncertainty method needs an uncertainty output file"));
    uncertaintyIndex = int(files.size());
    uncertaintyFirstPlane = classify ? classes.size() : 1;
    files.emplace_back();
    const int bands = UncertaintySettings::bandCount(classify);
    create(files.back(), request.uncertaintyOutput, GDT_Float32, bands);
    for (int b = 0; b < bands; ++b) {
        GDALRasterBandH band = GDALGetRasterBand(files.back().dataset, b + 1);
        GDALSetRasterNoDataValue(band, kUncertaintyNoData);
        GDALSetDescription(band, UncertaintySettings::bandDescription(classify, b).toUtf8().constData());
    }
    // Which method made the bands, for readers of the file and for the app's legend.
    GDALSetMetadataItem(files.back().dataset, "DEEPTERRA_UNCERTAINTY",
                        request.uncertainty.name().toUtf8().constData(), nullptr);
}

PredictionWriter::~PredictionWriter()
{
    if (d->finished)
        return;
    GdalErrorScope quiet; // closing a file whose writes failed repeats the failure
    d->closeAll();
    for (const OutputFile &file : d->files) {
        QFile::remove(partialPath(file.path));
        QFile::remove(partialPath(file.path) + QStringLiteral(".aux.xml"));
    }
}

int PredictionWriter::classNoData(const ClassTable &classes)
{
    for (int candidate : { 0, 255 })
        if (!classes.findValue(candidate))
            return candidate;
    return 65535;
}

void PredictionWriter::write(const PredictionStrip &strip)
{
    if (d->pendingRows > 0 && strip.firstColumn != d->pendingFirstColumn)
        d->flushPending();
    if (d->pendingRows == 0) {
        d->pendingFirstColumn = strip.firstColumn;
        d->pendingWidth = strip.width;
        for (OutputFile &file : d->files)
            file.pending.resize(std::size_t(file.bands) * std::size_t(kBlock) * std::size_t(strip.width));
    }
    const std::size_t width = std::size_t(strip.width);
    const bool classify = !d->classes.isEmpty();
    const int classCount = d->classes.size();
    // A logarithm per class and pixel (1.6 billion for 20000 x 20000 pixels and four classes) shares
    // the cores with the network: only for an entropy band.
    const bool entropyWanted = d->confidenceIndex >= 0 && d->confidenceKind == ConfidenceKind::Entropy;
    for (int r = 0; r < strip.rows; ++r) {
        const std::size_t slot = std::size_t(d->pendingRows) * width;
        const std::size_t source = std::size_t(r) * width;
        const std::size_t plane = std::size_t(strip.rows) * width;
        for (std::size_t x = 0; x < width; ++x) {
            const bool valid = strip.valid[source + x] != 0;
            if (d->uncertaintyIndex >= 0) {
                OutputFile &file = d->files[std::size_t(d->uncertaintyIndex)];
                for (int b = 0; b < file.bands; ++b)
                    file.pending[std::size_t(b) * std::size_t(kBlock) * width + slot + x] = valid
                        ? strip.values[std::size_t(d->uncertaintyFirstPlane + b) * plane + source + x]
                        : kUncertaintyNoData;
            }
            if (!classify) {
                d->files[0].pending[slot + x] = valid ? strip.values[source + x] : float(kAnomalyNoData);
                continue;
            }
            int best = 0;
            float bestProbability = -1.0f;
            double entropy = 0.0;
            for (int c = 0; c < classCount; ++c) {
                const float p = strip.values[std::size_t(c) * plane + source + x];
                if (p > bestProbability) {
                    bestProbability = p;
                    best = c;
                }
                if (entropyWanted && p > 0.0f)
                    entropy -= double(p) * std::log(double(p));
                if (d->probabilitiesIndex >= 0) {
                    OutputFile &file = d->files[std::size_t(d->probabilitiesIndex)];
                    file.pending[std::size_t(c) * std::size_t(kBlock) * width + slot + x]
                        = valid ? p : kProbabilityNoData;
                }
            }
            d->files[0].pending[slot + x]
                = float(valid ? d->classes.entries[std::size_t(best)].value : d->classNoData);
            if (d->confidenceIndex >= 0)
                d->files[std::size_t(d->confidenceIndex)].pending[slot + x] = !valid ? kProbabilityNoData
                    : d->confidenceKind == ConfidenceKind::Entropy                   ? float(entropy)
                                                                                     : bestProbability;
        }
        if (d->pendingRows == 0)
            d->pendingFirstRow = strip.firstRow + r;
        ++d->pendingRows;
        if (d->pendingRows == kBlock || d->pendingFirstRow + d->pendingRows == d->grid.height)
            d->flushPending();
    }
}

void PredictionWriter::Private::flushPending()
{
    GdalErrorScope errors;
    for (OutputFile &file : files) {
        for (int b = 0; b < file.bands; ++b) {
            GDALRasterBandH band = GDALGetRasterBand(file.dataset, b + 1);
            float *rows
                = file.pending.data() + std::size_t(b) * std::size_t(kBlock) * std::size_t(pendingWidth);
            // The rows complete whole blocks: written at once, on this thread, so that a failure (a
            // full disk) is seen here and not lost in a later eviction from GDAL's cache elsewhere.
            const bool written
                = GDALRasterIO(band, GF_Write, pendingFirstColumn, pendingFirstRow, pendingWidth, pendingRows,
                               rows, pendingWidth, pendingRows, GDT_Float32, 0, 0)
                    == CE_None
                && GDALFlushRasterCache(band) == CE_None;
            const int savedErrno = errno;
            if (!written || !errors.errors().isEmpty())
                throw DataError(file.path,
                                QStringLiteral("could not write the output: %1; the incomplete file "
                                               "was removed")
                                    .arg(writeFailure(errors, savedErrno, partialPath(file.path))));
        }
    }
    pendingRows = 0;
}

void PredictionWriter::Private::closeAll()
{
    for (OutputFile &file : files) {
        if (file.dataset)
            GDALClose(file.dataset);
        file.dataset = nullptr;
    }
}

void PredictionWriter::finish()
{
    if (d->pendingRows > 0)
        d->flushPending();
    // Closing writes the TIFF directory and the last blocks: GDAL 3.6's GDALClose returns nothing,
    // so each file's close is judged by the errors GDAL raised meanwhile.
    for (OutputFile &file : d->files) {
        GdalErrorScope errors;
        GDALFlushCache(file.dataset);
        GDALClose(file.dataset);
        const int savedErrno = errno;
        file.dataset = nullptr;
        if (!errors.errors().isEmpty())
            throw DataError(file.path,
                            QStringLiteral("could not write the output: %1; the incomplete file "
                                           "was removed")
                                .arg(writeFailure(errors, savedErrno, partialPath(file.path))));
    }
    for (const OutputFile &file : d->files) {
        QFile::remove(file.path + QStringLiteral(".aux.xml"));
        // In one step: a kill at any moment leaves the previous file or the new one, never neither.
        if (!AtomicFile::replace(partialPath(file.path), file.path))
            throw DataError(file.path, QStringLiteral("cannot move the finished output into place"));
        if (QFile::exists(partialPath(file.path) + QStringLiteral(".aux.xml")))
            QFile::rename(partialPath(file.path) + QStringLiteral(".aux.xml"),
                          file.path + QStringLiteral(".aux.xml"));
    }
    d->finished = true;
}

} // namespace deepterra
