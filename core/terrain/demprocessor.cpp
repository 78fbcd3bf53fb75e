#include "terrain/demprocessor.h"

#include "common/dataerror.h"
#include "common/systemwritefailure.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "terrain/aspectnodatarestorer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>
#include <QThread>

#include <cpl_string.h>
#include <gdal.h>
#include <gdal_utils.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>

namespace deepterra {

namespace {

// gdaldem's own choices, written down so that callers can tell data from NoData.
constexpr double kHillshadeNoData = 0.0;
constexpr double kFloatNoData = -9999.0;
// Metres per degree of latitude, gdaldem's documented scale for DEMs in degrees.
constexpr double kMetresPerDegree = 111120.0;

const char *gdalProcessingName(DemDerivative derivative)
{
    switch (derivative) {
    case DemDerivative::Hillshade:
        return "hillshade";
    case DemDerivative::Slope:
        return "slope";
    case DemDerivative::Aspect:
        return "aspect";
    case DemDerivative::Roughness:
        return "roughness";
    case DemDerivative::Tri:
        return "TRI";
    case DemDerivative::Tpi:
        return "TPI";
    }
    return "";
}

// Owns the argument list handed to GDAL's option parsers.
class ArgumentList
{
public:
    ArgumentList() = default;
    ArgumentList(const ArgumentList &) = delete;
    ArgumentList &operator=(const ArgumentList &) = delete;
    ~ArgumentList() { CSLDestroy(m_list); }
    void add(const QString &argument) { m_list = CSLAddString(m_list, argument.toUtf8().constData()); }
    void add(const char *option, double value)
    {
        add(QLatin1String(option), QString::number(value, 'g', 17));
    }
    void add(const QLatin1String &option, const QString &value)
    {
        add(QString(option));
        add(value);
    }
    char **data() const { return m_list; }

private:
    char **m_list = nullptr;
};

struct ProgressState
{
    Feedback *feedback = nullptr;
    bool canceled = false;
};

// Called by GDAL from inside its C code, which an exception must not cross: a cancel is returned
// as FALSE and turned into JobCanceled once GDAL has unwound.
int CPL_STDCALL reportProgress(double fraction, const char *, void *data)
{
    auto *state = static_cast<ProgressState *>(data);
    Feedback *feedback = state->feedback;
    if (!feedback)
        return TRUE;
    feedback->setProgress(fraction * 100.0);
    while (feedback->isPaused() && !feedback->isCanceled())
        QThread::msleep(20);
    state->canceled = feedback->isCanceled();
    return state->canceled ? FALSE : TRUE;
}

void validate(const DemDerivativeOptions &options)
{
    if (!std::isfinite(options.zFactor) || options.zFactor == 0.0)
        throw std::invalid_argument("the z factor must be a finite, non-zero number");
    if (!std::isfinite(options.azimuth))
        throw std::invalid_argument("the azimuth must be a finite number of degrees");
    if (!(options.altitude >= 0.0 && options.altitude <= 90.0))
        throw std::invalid_argument("the altitude must lie between 0 and 90 degrees");
    if (!(options.horizontalScale >= 0.0) || !std::isfinite(options.horizontalScale))
        throw std::invalid_argument("the horizontal scale must be 0 (automatic) or a positive number");
}

// Checks what can be told before GDAL runs, so that the user gets a plain reason.
void checkOutputPath(const QString &outputPath, const QString &demPath)
{
    if (outputPath.trimmed().isEmpty())
        throw DataError(outputPath, QStringLiteral("no output path was given"));
    const QFileInfo output(outputPath);
    if (output.isDir())
        throw DataError(outputPath, QStringLiteral("a folder has that name, the output must be a file"));
    const QFileInfo folder(output.absolutePath());
    if (!folder.exists())
        throw DataError(outputPath, QStringLiteral("the output folder does not exist"));
    if (!folder.isDir())
        throw DataError(outputPath, QStringLiteral("the output folder is not a folder"));
    const QFileInfo dem(demPath);
    if (output.exists() && dem.exists() && output.canonicalFilePath() == dem.canonicalFilePath())
        throw DataError(outputPath, QStringLiteral("the output would overwrite the DEM"));
}

using DatasetHandle = std::unique_ptr<void, void (*)(GDALDatasetH)>;
using ProcessingOptionsHandle
    = std::unique_ptr<GDALDEMProcessingOptions, void (*)(GDALDEMProcessingOptions *)>;

// The output is written under a hidden temporary name beside its destination and renamed once
// complete: a failure or a cancel then leaves no partial file and keeps any previous result.
class TemporaryOutput
{
public:
    explicit TemporaryOutput(const QString &destination)
    {
        const QFileInfo output(destination);
        QTemporaryFile file(output.absoluteDir().filePath(QLatin1Char('.') + output.fileName()
                                                          + QStringLiteral(".XXXXXX.part")));
        file.setAutoRemove(false);
        if (!file.open())
            throw DataError(destination,
                            QStringLiteral("cannot write in the output folder: %1").arg(file.errorString()));
        file.close();
        m_path = file.fileName();
        // QTemporaryFile creates the file private (0600), and GDAL would keep those permissions:
        // GDAL creates it anew instead, with the user's usual permissions. The random name was
        // only needed to be unique.
        QFile::remove(m_path);
    }
    TemporaryOutput(const TemporaryOutput &) = delete;
    TemporaryOutput &operator=(const TemporaryOutput &) = delete;
    ~TemporaryOutput()
    {
        if (!m_path.isEmpty())
            QFile::remove(m_path);
    }

    const QString &path() const { return m_path; }

    void moveTo(const QString &destination)
    {
        // std::rename replaces the destination atomically on POSIX; elsewhere it refuses an existing one.
        if (std::rename(QFile::encodeName(m_path).constData(), QFile::encodeName(destination).constData())
            != 0) {
            QFile::remove(destination);
            if (!QFile::rename(m_path, destination))
                throw DataError(destination, QStringLiteral("cannot move the finished output into place"));
        }
        m_path.clear();
    }

private:
    QString m_path;
};

// GDAL's DEM processing only honours a NoData value: a float DEM that declares none gets NaN as
// its NoData through a virtual copy, otherwise NaN pixels would leak into their neighbours' results.
GDALDatasetH withNanAsNoData(GDALDatasetH dem, const QString &demPath, GdalErrorScope &errors)
{
    ArgumentList arguments;
    arguments.add(QLatin1String("-of"), QStringLiteral("VRT"));
    arguments.add(QLatin1String("-b"), QStringLiteral("1"));
    arguments.add(QLatin1String("-a_nodata"), QStringLiteral("nan"));
    GDALTranslateOptions *options = GDALTranslateOptionsNew(arguments.data(), nullptr);
    GDALDatasetH virtualDem = GDALTranslate("", dem, options, nullptr);
    GDALTranslateOptionsFree(options);
    if (!virtualDem)
        throw DataError(demPath,
                        QStringLiteral("cannot prepare the DEM: %1")
                            .arg(errors.lastError(QStringLiteral("GDAL could not wrap it"))));
    return virtualDem;
}

} // namespace

QString DemProcessor::name(DemDerivative derivative)
{
    return QString::fromLatin1(gdalProcessingName(derivative)).toLower();
}

std::optional<DemDerivative> DemProcessor::fromName(const QString &name)
{
    const QString wanted = name.trimmed().toLower();
    for (DemDerivative derivative : all())
        if (DemProcessor::name(derivative) == wanted)
            return derivative;
    return std::nullopt;
}

QList<DemDerivative> DemProcessor::all()
{
    return { DemDerivative::Hillshade, DemDerivative::Slope, DemDerivative::Aspect,
             DemDerivative::Roughness, DemDerivative::Tri,   DemDerivative::Tpi };
}

double DemProcessor::outputNoData(DemDerivative derivative)
{
    return derivative == DemDerivative::Hillshade ? kHillshadeNoData : kFloatNoData;
}

QString DemProcessor::outputDataType(DemDerivative derivative)
{
    return derivative == DemDerivative::Hillshade ? QStringLiteral("Byte") : QStringLiteral("Float32");
}

void DemProcessor::compute(const QString &demPath, DemDerivative derivative, const QString &outputPath,
                           const DemDerivativeOptions &options, Feedback *feedback)
{
    validate(options);
    GdalEnvironment::ensureInitialized();
    const RasterDataset dem = RasterDataset::open(demPath);
    checkOutputPath(outputPath, demPath);
    if (dem.bandCount() > 1 && feedback)
        feedback->info(QStringLiteral("%1 has %2 bands; the %3 is computed from band 1")
                           .arg(demPath)
                           .arg(dem.bandCount())
                           .arg(name(derivative)));
    if (feedback)
        feedback->checkpoint();

    const BandInfo &band = dem.info().bands.front();
    const bool isFloat = band.dataType.startsWith(QLatin1String("Float"));
    const double scale = options.horizontalScale > 0.0 ? options.horizontalScale
        : dem.info().crs.geographic                    ? kMetresPerDegree
                                                       : 1.0;

    ArgumentList arguments;
    arguments.add(QLatin1String("-of"), QStringLiteral("GTiff"));
    arguments.add(QLatin1String("-b"), QStringLiteral("1"));
    for (const char *creationOption :
         { "TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER" })
        arguments.add(QLatin1String("-co"), QString::fromLatin1(creationOption));
    // Horizontal differencing for bytes, floating-point prediction for floats: both shrink DEM derivatives.
    arguments.add(QLatin1String("-co"),
                  derivative == DemDerivative::Hillshade ? QStringLiteral("PREDICTOR=2")
                                                         : QStringLiteral("PREDICTOR=3"));
    if (options.computeEdges)
        arguments.add(QStringLiteral("-compute_edges"));
    switch (derivative) {
    case DemDerivative::Hillshade:
        arguments.add("-z", options.zFactor);
        arguments.add("-s", scale);
        arguments.add("-az", options.azimuth);
        arguments.add("-alt", options.altitude);
        break;
    case DemDerivative::Slope:
        // gdaldem's slope has no z factor: the scale divides the horizontal distances, so
        // exaggerating the vertical by z is the same as dividing the scale by z.
        arguments.add("-s", scale / std::abs(options.zFactor));
        if (options.slopeInPercent)
            arguments.add(QStringLiteral("-p"));
        break;
    case DemDerivative::Aspect:
        if (options.zeroForFlat)
            arguments.add(QStringLiteral("-zero_for_flat"));
        break;
    case DemDerivative::Roughness:
    case DemDerivative::Tri:
    case DemDerivative::Tpi:
        break;
    }
    GdalErrorScope errors;
    GDALDatasetH source = static_cast<GDALDatasetH>(dem.gdalHandle());
    DatasetHandle virtualDem(nullptr, [](GDALDatasetH ds) { GDALClose(ds); });
    if (isFloat && !band.noData.has_value()) {
        virtualDem.reset(withNanAsNoData(source, demPath, errors));
        source = virtualDem.get();
    }
    ProcessingOptionsHandle processingOptions(GDALDEMProcessingOptionsNew(arguments.data(), nullptr),
                                              &GDALDEMProcessingOptionsFree);
    if (!processingOptions)
        throw std::logic_error("GDAL rejected the DEM processing options: "
                               + errors.lastError().toStdString());
    ProgressState progress { feedback, false };
    GDALDEMProcessingOptionsSetProgress(processingOptions.get(), reportProgress, &progress);

    TemporaryOutput temporary(outputPath);
    int usageError = FALSE;
    GDALDatasetH output
        = GDALDEMProcessing(temporary.path().toUtf8().constData(), source, gdalProcessingName(derivative),
                            nullptr, processingOptions.get(), &usageError);
    // Closing flushes the last tiles: a write error can still show up here.
    bool written = output != nullptr;
    int savedErrno = errno;
    if (output) {
        const auto errorsBefore = errors.errors().size();
        GDALClose(output);
        savedErrno = errno;
        written = errors.errors().size() == errorsBefore;
    }
    if (!written) {
        if (progress.canceled && feedback)
            feedback->checkpoint();
        QString reason = errors.lastError(QStringLiteral("GDAL's DEM processing failed"))
                             .replace(temporary.path(), outputPath);
        const QString system = SystemWriteFailure::reason(savedErrno, temporary.path());
        if (!system.isEmpty() && !reason.contains(system))
            reason = QStringLiteral("%1 (%2)").arg(system, reason);
        throw DataError(outputPath, QStringLiteral("cannot write the %1: %2").arg(name(derivative), reason));
    }
    if (derivative == DemDerivative::Aspect && options.zeroForFlat) {
        try {
            AspectNoDataRestorer::apply(temporary.path(), dem, kFloatNoData, options.computeEdges, feedback);
        } catch (const DataError &e) {
            throw DataError(outputPath, e.cause());
        }
    }
    temporary.moveTo(outputPath);
    if (feedback)
        feedback->setProgress(100.0);
}

} // namespace deepterra
