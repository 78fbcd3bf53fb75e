#include "inference/predictionwriter.h"

#include "inference/private/partialgeotiff.h"
#include "inference/private/predictionparttags.h"
#include "inference/rasterpart.h"

#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "geodata/gdalenvironment.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <gdal.h>

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

constexpr int kBlock = PredictionWriter::kBlockSize;

QString partialPath(const QString &path)
{
    return PartialGeoTiff::partialPath(path);
}

// One output file and the rows waiting for a whole row of TIFF blocks.
struct OutputFile
{
    std::unique_ptr<PartialGeoTiff> file;
    int bands = 1;
    std::vector<float> pending; // band after band, kBlock rows x pendingWidth each
};

} // namespace

struct PredictionWriter::Private
{
    RasterGrid grid; // the files': the request's part of the raster
    int firstRow = 0; // the raster row of the files' first row
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

    // Resumable predictions (a fingerprint given).
    QString statePath;
    PredictionResumeState state;
    bool resumed = false;
    int resumeColumn = 0;
    int resumeRow = 0;
    QString resumeNote;
    int checkpointSeconds = 30;
    QElapsedTimer sinceCheckpoint;
    int writtenColumn = 0; // what the files hold, as a resume point
    int writtenRows = 0;
    int lastBlockColumn = -1; // the last block written, checked on disk before a checkpoint
    int lastBlockRow = -1;
    bool keptForResume = false;

    PredictionPartTags partTags;

    int uncertaintyFirstPlane = 0; // the strip's first uncertainty plane
    void create(OutputFile &file, const QString &path, GDALDataType type, int bands);
    void createUncertainty(const PredictionRequest &request, bool classify);
    void flushPending();
    void checkpoint(int bandFirstColumn, int rowsDone);
    bool canResume(const PredictionRequest &request, const QJsonObject &fingerprint);
};

void PredictionWriter::Private::create(OutputFile &file, const QString &path, GDALDataType type, int bands)
{
    file.bands = bands;
    file.file = std::make_unique<PartialGeoTiff>(path, grid, type, bands, resumed);
    if (!partTags.part.isWhole())
        partTags.write(file.file->dataset());
}

bool PredictionWriter::Private::canResume(const PredictionRequest &request, const QJsonObject &fingerprint)
{
    QString problem;
    if (!PredictionResumeState::load(statePath, &state, &problem)) {
        resumeNote = QStringLiteral("cannot resume: %1; predicting from the start").arg(problem);
        return false;
    }
    if (state.fingerprint != fingerprint) {
        resumeNote = QStringLiteral("cannot resume: the interrupted prediction was made with another input, "
                                    "model, outputs or settings; predicting from the start");
        return false;
    }
    for (const QString &output : request.outputs())
        if (!output.isEmpty() && !QFileInfo::exists(partialPath(output))) {
            resumeNote = QStringLiteral("cannot resume: %1 is missing; predicting from the start")
                             .arg(partialPath(output));
            return false;
        }
    resumeColumn = state.bandFirstColumn;
    resumeRow = state.rowsDone;
    resumeNote = QStringLiteral("resuming the interrupted prediction: %1 % of it was written")
                     .arg(100.0 * state.shareDone, 0, 'f', 1);
    return true;
}

PredictionWriter::PredictionWriter(const RasterGrid &grid, const ClassTable &classes,
                                   const PredictionRequest &request, const QJsonObject &fingerprint)
    : d(std::make_unique<Private>())
{
    // Before any file is created: the input and any existing file of another kind stay untouched.
    OutputPathCheck::check({ request.input }, request.outputs());
    QStringList partials;
    for (const QString &output : request.outputs())
        partials << (output.isEmpty() ? QString() : partialPath(output));
    OutputPathCheck::check({ request.input }, partials);
    GdalEnvironment::ensureInitialized();
    const RasterPart::Rows rows = request.part.rows(grid.height, request.input);
    d->grid = RasterPart::gridOf(grid, rows);
    d->firstRow = rows.first;
    d->partTags.part = request.part;
    d->partTags.firstRow = rows.first;
    d->partTags.endRow = rows.end;
    d->partTags.rasterHeight = grid.height;
    QJsonObject prediction = fingerprint;
    prediction.remove(QStringLiteral("outputs"));
    prediction.remove(QStringLiteral("part"));
    d->partTags.prediction = QString::fromLatin1(
        QCryptographicHash::hash(QJsonDocument(prediction).toJson(QJsonDocument::Compact),
                                 QCryptographicHash::Sha1)
            .toHex());
    d->classes = classes;
    d->confidenceKind = request.confidenceKind;
    if (!fingerprint.isEmpty()) {
        d->statePath = PredictionResumeState::pathFor(request.output);
        d->state.fingerprint = fingerprint;
        d->checkpointSeconds = request.checkpointSeconds;
        if (request.resume)
            d->resumed = d->canResume(request, fingerprint);
        d->writtenColumn = d->resumeColumn;
        d->writtenRows = d->resumeRow;
        // A state left from another prediction must not describe the files created now.
        if (!d->resumed)
            QFile::remove(d->statePath);
        d->sinceCheckpoint.start();
    }
    d->files.reserve(4);
    if (classes.isEmpty()) {
        d->files.emplace_back();
        d->create(d->files.back(), request.output, GDT_Float32, 1);
        GDALRasterBandH band = GDALGetRasterBand(d->files.back().file->dataset(), 1);
        GDALSetRasterNoDataValue(band, kAnomalyNoData);
        GDALSetDescription(band, "reconstruction error");
        d->createUncertainty(request, false);
        return;
    }
    d->classNoData = classNoData(classes);
    d->files.emplace_back();
    d->create(d->files.back(), request.output, PartialGeoTiff::classMapType(classes, d->classNoData), 1);
    d->files.back().file->describeClasses(1, classes, d->classNoData);

    if (!request.probabilities.isEmpty()) {
        d->probabilitiesIndex = int(d->files.size());
        d->files.emplace_back();
        d->create(d->files.back(), request.probabilities, GDT_Float32, classes.size());
        for (int c = 0; c < classes.size(); ++c) {
            GDALRasterBandH b = GDALGetRasterBand(d->files.back().file->dataset(), c + 1);
            GDALSetRasterNoDataValue(b, kProbabilityNoData);
            GDALSetDescription(b, classes.entries[std::size_t(c)].name.toUtf8().constData());
        }
    }
    if (!request.confidence.isEmpty()) {
        d->confidenceIndex = int(d->files.size());
        d->files.emplace_back();
        d->create(d->files.back(), request.confidence, GDT_Float32, 1);
        GDALRasterBandH b = GDALGetRasterBand(d->files.back().file->dataset(), 1);
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
        GDALRasterBandH band = GDALGetRasterBand(files.back().file->dataset(), b + 1);
        GDALSetRasterNoDataValue(band, kUncertaintyNoData);
        GDALSetDescription(band, UncertaintySettings::bandDescription(classify, b).toUtf8().constData());
    }
    // Which method made the bands, for readers of the file and for the app's legend.
    GDALSetMetadataItem(files.back().file->dataset(), "DEEPTERRA_UNCERTAINTY",
                        request.uncertainty.name().toUtf8().constData(), nullptr);
}

PredictionWriter::~PredictionWriter()
{
    if (d->finished)
        return;
    if (d->keptForResume)
        return; // the partial files close as they are
    if (!d->statePath.isEmpty())
        QFile::remove(d->statePath);
    for (OutputFile &file : d->files)
        file.file->discard();
}

int PredictionWriter::classNoData(const ClassTable &classes)
{
    for (int candidate : { 0, 255 })
        if (!classes.findValue(candidate))
            return candidate;
    return 65535;
}

int PredictionWriter::resumeColumn() const
{
    return d->resumeColumn;
}

int PredictionWriter::resumeRow() const
{
    return d->resumeRow;
}

const QString &PredictionWriter::resumeNote() const
{
    return d->resumeNote;
}

void PredictionWriter::keepForResume()
{
    if (d->statePath.isEmpty())
        return;
    // Rows waiting for a whole row of blocks are dropped: the resumed prediction writes them again.
    d->checkpoint(d->writtenColumn, d->writtenRows);
    d->keptForResume = true;
}

void PredictionWriter::write(const PredictionStrip &strip)
{
    // Strips come in the raster's rows; the files hold the part's.
    const int stripFirst = strip.firstRow - d->firstRow;
    const int endRows = std::min(strip.rows, d->grid.height - stripFirst);
    if (stripFirst + strip.rows <= 0 || endRows <= 0)
        return;
    // A resumed prediction's files hold these already.
    if (strip.firstColumn < d->resumeColumn)
        return;
    if (strip.firstColumn == d->resumeColumn && stripFirst + strip.rows <= d->resumeRow)
        return;
    const int skippedRows = std::max(
        -stripFirst, strip.firstColumn == d->resumeColumn ? std::max(0, d->resumeRow - stripFirst) : 0);
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
    for (int r = skippedRows; r < endRows; ++r) {
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
            float bestProbability = 0.0f;
            const int best = bestClass(strip, source + x, classCount, &bestProbability);
            double entropy = 0.0;
            for (int c = 0; c < classCount && (entropyWanted || d->probabilitiesIndex >= 0); ++c) {
                const float p = strip.values[std::size_t(c) * plane + source + x];
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
            d->pendingFirstRow = stripFirst + r;
        ++d->pendingRows;
        if (d->pendingRows == kBlock || d->pendingFirstRow + d->pendingRows == d->grid.height)
            d->flushPending();
    }
}

void PredictionWriter::Private::flushPending()
{
    for (OutputFile &file : files)
        for (int b = 0; b < file.bands; ++b)
            file.file->writeRows(b + 1, pendingFirstColumn, pendingFirstRow, pendingWidth, pendingRows,
                                 file.pending.data()
                                     + std::size_t(b) * std::size_t(kBlock) * std::size_t(pendingWidth));
    const int rowsDone = pendingFirstRow + pendingRows;
    lastBlockColumn = (pendingFirstColumn + pendingWidth - 1) / kBlock;
    lastBlockRow = (rowsDone - 1) / kBlock;
    pendingRows = 0;
    const bool bandDone = rowsDone == grid.height;
    writtenColumn = bandDone ? pendingFirstColumn + pendingWidth : pendingFirstColumn;
    writtenRows = bandDone ? 0 : rowsDone;
    if (!statePath.isEmpty() && (bandDone || sinceCheckpoint.elapsed() >= qint64(checkpointSeconds) * 1000))
        checkpoint(writtenColumn, writtenRows);
}

void PredictionWriter::Private::checkpoint(int bandFirstColumn, int rowsDone)
{
    // The blocks and the TIFF directories that find them reach the disk before the state that
    // counts on them: a kill between the two leaves the previous state, which the files also hold.
    for (OutputFile &file : files)
        file.file->flushToDisk();
    if (lastBlockRow >= 0)
        for (const OutputFile &file : files)
            if (!file.file->holdsBlock(lastBlockColumn, lastBlockRow))
                return; // the previous state stays: a resume redoes a little more
    for (const OutputFile &file : files)
        file.file->sync();
    state.bandFirstColumn = bandFirstColumn;
    state.rowsDone = rowsDone;
    state.shareDone = (double(bandFirstColumn) * grid.height
                       + double(rowsDone) * std::max(0, std::min(pendingWidth, grid.width - bandFirstColumn)))
        / (double(grid.width) * grid.height);
    state.save(statePath);
    sinceCheckpoint.restart();
}

void PredictionWriter::finish()
{
    if (d->pendingRows > 0)
        d->flushPending();
    // Before any file takes its final name: a state beside finished files would resume nothing.
    if (!d->statePath.isEmpty())
        QFile::remove(d->statePath);
    if (!d->partTags.part.isWhole())
        for (OutputFile &file : d->files)
            PredictionPartTags::markComplete(file.file->dataset());
    for (OutputFile &file : d->files)
        file.file->close();
    for (OutputFile &file : d->files)
        file.file->commit();
    d->finished = true;
}

} // namespace deepterra
