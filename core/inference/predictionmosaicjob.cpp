#include "inference/predictionmosaicjob.h"

#include "common/atomicfile.h"
#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"
#include "inference/private/predictionparttags.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cpl_string.h>
#include <gdal_utils.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <vector>

namespace deepterra {

namespace {

struct DatasetCloser
{
    void operator()(void *dataset) const
    {
        if (dataset)
            GDALClose(dataset);
    }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;

struct Part
{
    QString path;
    Dataset dataset;
    PredictionPartTags tags;
};

Part openPart(const QString &path)
{
    GdalErrorScope errors;
    Part part;
    part.path = path;
    // By its absolute path: a VRT then names the parts relative to itself when they lie in its folder
    // or below, and absolutely otherwise, never relative to the folder mosaic ran in.
    part.dataset.reset(GDALOpenEx(QFileInfo(path).absoluteFilePath().toUtf8().constData(),
                                  GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!part.dataset)
        throw DataError(path,
                        QStringLiteral("cannot be opened as a raster: %1")
                            .arg(errors.lastError(QStringLiteral("no GDAL driver reads it"))));
    if (!PredictionPartTags::read(part.dataset.get(), &part.tags))
        throw DataError(path,
                        QStringLiteral("is not a part of a prediction (deepterra-cli predict --part I/N "
                                       "writes them, with tags saying which part they are)"));
    if (!part.tags.complete)
        throw DataError(path,
                        QStringLiteral("is part %1 of an interrupted prediction, not a finished one: run "
                                       "its prediction again with --resume")
                            .arg(part.tags.part.name()));
    return part;
}

QString bandDescription(GDALDatasetH dataset, int band)
{
    return QString::fromUtf8(GDALGetDescription(GDALGetRasterBand(dataset, band)));
}

// Every part holds the same output of the same prediction, on rows that follow each other.
void checkParts(const std::vector<Part> &parts, const QString &output)
{
    const Part &first = parts.front();
    const int count = first.tags.part.count;
    std::map<int, const Part *> byIndex;
    for (const Part &part : parts) {
        if (part.tags.part.count != count)
            throw DataError(part.path,
                            QStringLiteral("is part %1, but %2 is part %3: parts of different splits")
                                .arg(part.tags.part.name(), first.path, first.tags.part.name()));
        if (part.tags.prediction != first.tags.prediction)
            throw DataError(part.path,
                            QStringLiteral("comes from another prediction than %1 (another input, model or "
                                           "settings)")
                                .arg(first.path));
        const auto [where, added] = byIndex.emplace(part.tags.part.index, &part);
        if (!added)
            throw DataError(
                part.path,
                QStringLiteral("is part %1, as is %2").arg(part.tags.part.name(), where->second->path));
    }
    for (int index = 1; index <= count; ++index)
        if (!byIndex.count(index))
            throw DataError(
                output,
                QStringLiteral("part %1/%2 is missing: every part must be given").arg(index).arg(count));

    GDALDatasetH reference = first.dataset.get();
    const int bands = GDALGetRasterCount(reference);
    const GDALDataType type = GDALGetRasterDataType(GDALGetRasterBand(reference, 1));
    std::array<double, 6> referenceTransform {};
    GDALGetGeoTransform(reference, referenceTransform.data());
    const QString referenceCrs = QString::fromUtf8(GDALGetProjectionRef(reference));
    for (const Part &part : parts) {
        GDALDatasetH dataset = part.dataset.get();
        const auto mismatch = [&](const QString &what) {
            throw DataError(
                part.path, QStringLiteral("%1 than %2: not a part of the same output").arg(what, first.path));
        };
        if (GDALGetRasterXSize(dataset) != GDALGetRasterXSize(reference))
            mismatch(QStringLiteral("has another width"));
        if (GDALGetRasterYSize(dataset) != part.tags.endRow - part.tags.firstRow
            || part.tags.rasterHeight != first.tags.rasterHeight)
            throw DataError(part.path,
                            QStringLiteral("does not hold the rows its tags say: it was changed "
                                           "after the prediction"));
        if (GDALGetRasterCount(dataset) != bands)
            mismatch(QStringLiteral("has another number of bands"));
        if (GDALGetRasterDataType(GDALGetRasterBand(dataset, 1)) != type)
            mismatch(QStringLiteral("has another pixel type"));
        for (int b = 1; b <= bands; ++b)
            if (bandDescription(dataset, b) != bandDescription(reference, b))
                mismatch(QStringLiteral("has band %1 \"%2\" rather").arg(b).arg(bandDescription(dataset, b)));
        if (QString::fromUtf8(GDALGetProjectionRef(dataset)) != referenceCrs)
            mismatch(QStringLiteral("has another coordinate reference system"));
        // On the grid of the first part, moved down by the rows between them.
        std::array<double, 6> transform {};
        GDALGetGeoTransform(dataset, transform.data());
        const int shift = part.tags.firstRow - first.tags.firstRow;
        const double tolerance = 1e-6 * (std::abs(referenceTransform[1]) + std::abs(referenceTransform[5]));
        const double expectedX = referenceTransform[0] + shift * referenceTransform[2];
        const double expectedY = referenceTransform[3] + shift * referenceTransform[5];
        bool aligned = std::abs(transform[0] - expectedX) <= tolerance
            && std::abs(transform[3] - expectedY) <= tolerance;
        for (int i : { 1, 2, 4, 5 })
            aligned = aligned && std::abs(transform[i] - referenceTransform[i]) <= tolerance;
        if (!aligned)
            mismatch(QStringLiteral("lies elsewhere on the map"));
    }
}

// What GDALBuildVRT leaves out: the bands' descriptions, class colours and names, and the file's
// own metadata (the part tags excepted).
void copyDescriptions(GDALDatasetH from, GDALDatasetH to)
{
    char **metadata = CSLDuplicate(GDALGetMetadata(from, nullptr));
    for (const char *tag : { "DEEPTERRA_PART", "DEEPTERRA_PART_ROWS", "DEEPTERRA_PREDICTION" })
        metadata = CSLSetNameValue(metadata, tag, nullptr);
    GDALSetMetadata(to, metadata, nullptr);
    CSLDestroy(metadata);
    for (int b = 1; b <= GDALGetRasterCount(from); ++b) {
        GDALRasterBandH source = GDALGetRasterBand(from, b);
        GDALRasterBandH target = GDALGetRasterBand(to, b);
        GDALSetDescription(target, GDALGetDescription(source));
        int hasNoData = 0;
        const double noData = GDALGetRasterNoDataValue(source, &hasNoData);
        if (hasNoData)
            GDALSetRasterNoDataValue(target, noData);
        if (GDALColorTableH colors = GDALGetRasterColorTable(source))
            GDALSetRasterColorTable(target, colors);
        if (char **names = GDALGetRasterCategoryNames(source))
            GDALSetRasterCategoryNames(target, names);
    }
}

// GDALBuildVRT names the parts as they were opened, by absolute path. Parts in the VRT's folder or
// below are named relative to it instead, so that the folder can move as a whole.
void namePartsRelativeToTheVrt(const QString &vrtFile, const QString &vrtFolder,
                               const std::vector<Part> &parts)
{
    QFile file(vrtFile);
    if (!file.open(QIODevice::ReadOnly))
        return; // the absolute names stay: still a working VRT
    QString text = QString::fromUtf8(file.readAll());
    file.close();
    const QDir folder(vrtFolder);
    for (const Part &part : parts) {
        const QString absolute = QFileInfo(part.path).absoluteFilePath();
        const QString relative = folder.relativeFilePath(absolute);
        if (relative.startsWith(QLatin1String("..")) || QDir::isAbsolutePath(relative))
            continue;
        text.replace(QStringLiteral("<SourceFilename relativeToVRT=\"0\">%1</SourceFilename>")
                         .arg(absolute.toHtmlEscaped()),
                     QStringLiteral("<SourceFilename relativeToVRT=\"1\">%1</SourceFilename>")
                         .arg(relative.toHtmlEscaped()));
    }
    AtomicFile::write(vrtFile, text.toUtf8(), QStringLiteral("cannot write the joined map"));
}

int CPL_STDCALL reportProgress(double share, const char *, void *data)
{
    auto *feedback = static_cast<Feedback *>(data);
    feedback->setProgress(100.0 * share);
    return feedback->isCanceled() ? FALSE : TRUE;
}

} // namespace

PredictionMosaicJob::PredictionMosaicJob(QStringList parts, QString output)
    : m_parts(std::move(parts))
    , m_output(std::move(output))
{ }

void PredictionMosaicJob::run(Feedback &feedback)
{
    GdalEnvironment::ensureInitialized();
    const QString suffix = QFileInfo(m_output).suffix().toLower();
    const bool virtualRaster = suffix == QLatin1String("vrt");
    if (!virtualRaster && suffix != QLatin1String("tif") && suffix != QLatin1String("tiff"))
        throw DataError(m_output,
                        QStringLiteral("the joined map is written as a GDAL VRT (.vrt) or a GeoTIFF "
                                       "(.tif): choose one of these extensions"));
    if (m_parts.isEmpty())
        throw DataError(m_output, QStringLiteral("no parts were given"));
    OutputPathCheck::check(m_parts, { m_output });

    std::vector<Part> parts;
    for (const QString &path : m_parts)
        parts.push_back(openPart(path));
    checkParts(parts, m_output);
    std::sort(parts.begin(), parts.end(),
              [](const Part &a, const Part &b) { return a.tags.part.index < b.tags.part.index; });
    feedback.info(QStringLiteral("Joining %1 parts into %2 x %3 pixels")
                      .arg(parts.size())
                      .arg(GDALGetRasterXSize(parts.front().dataset.get()))
                      .arg(parts.front().tags.rasterHeight));
    feedback.checkpoint();

    std::vector<GDALDatasetH> sources;
    for (const Part &part : parts)
        sources.push_back(part.dataset.get());
    GdalErrorScope errors;
    AtomicFile file(m_output, QStringLiteral(".partial.") + suffix);
    // GDAL keeps what GeoTIFF has no tags for (class names) beside the file, in FILE.aux.xml: it
    // follows the file into place, and an older map's is not left to describe the new one.
    const QString aux = m_output + QStringLiteral(".aux.xml");
    struct RemoveTemporaryAux
    {
        QString path;
        ~RemoveTemporaryAux() { QFile::remove(path); }
    } temporaryAux { file.temporaryPath() + QStringLiteral(".aux.xml") };
    const QString vrtPath = virtualRaster
        ? file.temporaryPath()
        : QStringLiteral("/vsimem/deepterra-mosaic-%1.vrt").arg(quintptr(this));
    // Declared before the VRT, so removed after it is closed (closing writes it once more).
    struct RemoveVrt
    {
        QByteArray path;
        ~RemoveVrt()
        {
            if (path.startsWith("/vsimem/"))
                VSIUnlink(path.constData());
        }
    } removeVrt { vrtPath.toUtf8() };
    Dataset vrt(GDALBuildVRT(vrtPath.toUtf8().constData(), int(sources.size()), sources.data(), nullptr,
                             nullptr, nullptr));
    if (!vrt)
        throw DataError(m_output,
                        QStringLiteral("cannot join the parts: %1")
                            .arg(errors.lastError(QStringLiteral("GDAL refused the VRT"))));
    copyDescriptions(parts.front().dataset.get(), vrt.get());
    if (virtualRaster) {
        GdalErrorScope closingVrt;
        vrt.reset();
        if (!closingVrt.errors().isEmpty())
            throw DataError(m_output,
                            QStringLiteral("cannot write the joined map: %1").arg(closingVrt.lastError()));
        namePartsRelativeToTheVrt(file.temporaryPath(), QFileInfo(m_output).absolutePath(), parts);
        QFile::remove(aux);
        file.commit();
        feedback.setProgress(100.0);
        return;
    }

    const GDALDataType type = GDALGetRasterDataType(GDALGetRasterBand(vrt.get(), 1));
    CPLStringList arguments;
    for (const char *option : { "-of", "GTiff", "-co", "TILED=YES", "-co", "BLOCKXSIZE=256", "-co",
                                "BLOCKYSIZE=256", "-co", "COMPRESS=DEFLATE", "-co", "BIGTIFF=IF_SAFER" })
        arguments.AddString(option);
    if (type == GDT_Float32)
        for (const char *option : { "-co", "PREDICTOR=3", "-co", "ZLEVEL=1" })
            arguments.AddString(option);
    if (GDALGetRasterCount(vrt.get()) > 1)
        for (const char *option : { "-co", "INTERLEAVE=BAND" })
            arguments.AddString(option);
    GDALTranslateOptions *options = GDALTranslateOptionsNew(arguments.List(), nullptr);
    GDALTranslateOptionsSetProgress(options, reportProgress, &feedback);
    Dataset joined(GDALTranslate(file.temporaryPath().toUtf8().constData(), vrt.get(), options, nullptr));
    GDALTranslateOptionsFree(options);
    if (feedback.isCanceled())
        throw JobCanceled();
    if (!joined)
        throw DataError(m_output,
                        QStringLiteral("cannot write the joined map: %1")
                            .arg(errors.lastError(QStringLiteral("GDAL refused the GeoTIFF"))));
    // Closing writes the TIFF directory and the last blocks: a full disk shows here. GDAL 3.6's
    // GDALClose returns nothing, so the close is judged by the errors GDAL raises meanwhile.
    GdalErrorScope closing;
    GDALFlushCache(joined.get());
    joined.reset();
    if (!closing.errors().isEmpty())
        throw DataError(m_output, QStringLiteral("cannot write the joined map: %1").arg(closing.lastError()));
    QFile::remove(aux);
    file.commit();
    if (QFile::exists(temporaryAux.path) && !AtomicFile::replace(temporaryAux.path, aux))
        throw DataError(aux, QStringLiteral("cannot move the class names beside the joined map"));
}

} // namespace deepterra
