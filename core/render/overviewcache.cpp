#include "render/overviewcache.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QStandardPaths>
#include <QUuid>

#include <cpl_conv.h>
#include <gdal.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace deepterra {

namespace {

// Bumped when the entries' content changes: old entries are then ignored and pruned.
constexpr char kFormatVersion[] = "1";
constexpr int kSmallestOverview = 256; // pixels on the longer side, as gdaladdo's -minsize
constexpr qint64 kPartialAgeSeconds = 24 * 3600; // leftovers of a build killed with its process

QMutex &folderMutex()
{
    static QMutex mutex;
    return mutex;
}

QString &configuredFolder()
{
    static QString folder;
    return folder;
}

const char *resamplingName(Resampling resampling)
{
    switch (resampling) {
    case Resampling::Average:
        return "AVERAGE";
    case Resampling::Bilinear:
        return "BILINEAR";
    case Resampling::Mode:
        return "MODE";
    case Resampling::Nearest:
        break;
    }
    return "NEAREST";
}

// Factors 2, 4, 8 ... down to the first level whose longer side is under kSmallestOverview.
std::vector<int> overviewLevels(int width, int height)
{
    const int edge = std::max(width, height);
    std::vector<int> levels;
    for (int factor = 2;; factor *= 2) {
        levels.push_back(factor);
        if ((edge + factor - 1) / factor < kSmallestOverview || factor >= (1 << 20))
            break;
    }
    return levels;
}

bool isIntegerType(GDALDataType type)
{
    return GDALDataTypeIsInteger(type) && !GDALDataTypeIsComplex(type);
}

// A GDAL configuration option for this thread only, restored when the scope ends: builds on
// other threads, and the user's own GDAL settings, are left alone.
class ThreadConfigOption
{
public:
    ThreadConfigOption(const char *key, const char *value)
        : m_key(key)
    {
        if (const char *old = CPLGetThreadLocalConfigOption(key, nullptr))
            m_old = QByteArray(old);
        CPLSetThreadLocalConfigOption(key, value);
    }
    ~ThreadConfigOption()
    {
        CPLSetThreadLocalConfigOption(m_key, m_old.isNull() ? nullptr : m_old.constData());
    }
    ThreadConfigOption(const ThreadConfigOption &) = delete;
    ThreadConfigOption &operator=(const ThreadConfigOption &) = delete;

private:
    const char *m_key;
    QByteArray m_old;
};

struct ProgressState
{
    Feedback *feedback = nullptr;
    int percent = -1;
};

// GDAL reports after every few lines: the feedback hears of whole percents only. Returning FALSE
// makes GDAL stop at once; an exception must not cross its C frames.
int CPL_STDCALL reportProgress(double complete, const char *, void *data)
{
    auto *state = static_cast<ProgressState *>(data);
    if (!state->feedback)
        return TRUE;
    const int percent = int(complete * 100.0);
    if (percent != state->percent) {
        state->percent = percent;
        state->feedback->setProgress(percent);
    }
    return state->feedback->isCanceled() ? FALSE : TRUE;
}

void removeEntry(const QString &vrt)
{
    QFile::remove(vrt + QStringLiteral(".ovr"));
    QFile::remove(vrt);
}

// Replaces `to` if it exists (another process finished the same entry first: both are equal).
bool replaceFile(const QString &from, const QString &to)
{
    std::error_code error;
    std::filesystem::rename(std::filesystem::u8path(from.toStdString()),
                            std::filesystem::u8path(to.toStdString()), error);
    return !error;
}

} // namespace

QString OverviewCache::defaultFolder()
{
    {
        QMutexLocker lock(&folderMutex());
        if (!configuredFolder().isEmpty())
            return configuredFolder();
    }
    const QString base = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    return base.isEmpty() ? QString() : QDir(base).filePath(QStringLiteral("overviews"));
}

void OverviewCache::setDefaultFolder(const QString &folder)
{
    QMutexLocker lock(&folderMutex());
    configuredFolder() = folder;
}

bool OverviewCache::needsOverviews(const RasterInfo &info)
{
    if (std::max(info.width, info.height) <= kMinimumEdge || info.bands.empty())
        return false;
    return std::all_of(info.bands.begin(), info.bands.end(),
                       [](const BandInfo &band) { return band.overviewCount == 0; });
}

OverviewCache::OverviewCache(const QString &folder)
    : m_folder(folder)
{ }

QString OverviewCache::key(const QString &path, Resampling resampling) const
{
    const QFileInfo file(path);
    if (!file.isFile())
        return {};
    const QString canonical = file.canonicalFilePath();
    const QByteArrayList parts { (canonical.isEmpty() ? file.absoluteFilePath() : canonical).toUtf8(),
                                 QByteArray::number(file.size()),
                                 QByteArray::number(file.lastModified().toMSecsSinceEpoch()),
                                 QByteArray(resamplingName(resampling)), QByteArray(kFormatVersion) };
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(parts.join('\n'));
    return QString::fromLatin1(hash.result().toHex());
}

QString OverviewCache::find(const QString &path, Resampling resampling) const
{
    const QString entry = key(path, resampling);
    if (entry.isEmpty() || m_folder.isEmpty())
        return {};
    const QString vrt = QDir(m_folder).filePath(entry + QStringLiteral(".vrt"));
    if (!QFileInfo::exists(vrt) || !QFileInfo::exists(vrt + QStringLiteral(".ovr")))
        return {};
    // Used now: pruning removes the entries unused the longest. A read-only cache still serves.
    QFile file(vrt);
    if (file.open(QIODevice::ReadWrite))
        file.setFileTime(QDateTime::currentDateTimeUtc(), QFileDevice::FileModificationTime);
    return vrt;
}

QString OverviewCache::build(const QString &path, Resampling resampling, Feedback *feedback) const
{
    GdalEnvironment::ensureInitialized();
    if (const QString existing = find(path, resampling); !existing.isEmpty())
        return existing;
    const QString entry = key(path, resampling);
    if (entry.isEmpty())
        throw DataError(path, QStringLiteral("overviews are cached for files only"));
    // Absolute: the VRT lives elsewhere and must find its source from any working folder.
    const RasterDataset source = RasterDataset::open(QFileInfo(path).absoluteFilePath());
    if (m_folder.isEmpty() || !QDir().mkpath(m_folder))
        throw DataError(m_folder, QStringLiteral("cannot create the overview cache folder"));

    const QDir folder(m_folder);
    const QString vrt = folder.filePath(entry + QStringLiteral(".vrt"));
    const QString partial = folder.filePath(
        QStringLiteral("%1.%2.partial.vrt").arg(entry, QUuid::createUuid().toString(QUuid::Id128)));
    const QString fileName = QFileInfo(path).fileName();
    GdalErrorScope errors;
    const auto fail = [&](const QString &what) {
        removeEntry(partial);
        return DataError(m_folder,
                         QStringLiteral("cannot write the overviews of %1 here: %2")
                             .arg(fileName, errors.lastError(what)));
    };

    GDALDatasetH copy
        = GDALCreateCopy(GDALGetDriverByName("VRT"), partial.toUtf8().constData(),
                         static_cast<GDALDatasetH>(source.gdalHandle()), FALSE, nullptr, nullptr, nullptr);
    if (copy)
        GDALClose(copy); // writes the file
    if (!copy || QFileInfo(partial).size() <= 0)
        throw fail(QStringLiteral("the folder is not writable"));
    GDALDatasetH wrapper = GDALOpen(partial.toUtf8().constData(), GA_ReadOnly);
    if (!wrapper)
        throw fail(QStringLiteral("the virtual raster cannot be opened"));

    const std::vector<int> levels = overviewLevels(source.width(), source.height());
    const bool integer = isIntegerType(
        GDALGetRasterDataType(GDALGetRasterBand(static_cast<GDALDatasetH>(source.gdalHandle()), 1)));
    // LZW: twice as fast to write as DEFLATE for a somewhat larger file, which a cache can afford.
    const ThreadConfigOption compress("COMPRESS_OVERVIEW", "LZW");
    const ThreadConfigOption predictor("PREDICTOR_OVERVIEW", integer ? "2" : "1");
    const ThreadConfigOption bigTiff("BIGTIFF_OVERVIEW", "IF_SAFER");
    ProgressState progress { feedback };
    const qsizetype errorsBefore = errors.errors().size();
    const CPLErr result
        = GDALBuildOverviews(wrapper, resamplingName(resampling), int(levels.size()),
                             const_cast<int *>(levels.data()), 0, nullptr, reportProgress, &progress);
    GDALClose(wrapper); // flushes the overviews: a full disk shows here at the latest
    if (feedback && feedback->isCanceled()) {
        removeEntry(partial);
        throw JobCanceled();
    }
    if (result != CE_None || errors.errors().size() > errorsBefore
        || !QFileInfo::exists(partial + QStringLiteral(".ovr")))
        throw fail(QStringLiteral("GDAL could not build them"));

    // The overviews first: an entry counts as complete once its VRT exists.
    if (!replaceFile(partial + QStringLiteral(".ovr"), vrt + QStringLiteral(".ovr"))
        || !replaceFile(partial, vrt))
        throw fail(QStringLiteral("the finished files cannot be renamed"));
    if (feedback)
        feedback->setProgress(100.0);
    prune(vrt);
    return vrt;
}

void OverviewCache::prune(const QString &keep) const
{
    const QDir folder(m_folder);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QFileInfo &file : folder.entryInfoList({ QStringLiteral("*.partial.vrt*") }, QDir::Files))
        if (file.lastModified().secsTo(now) > kPartialAgeSeconds)
            QFile::remove(file.absoluteFilePath());

    QFileInfoList entries = folder.entryInfoList({ QStringLiteral("*.vrt") }, QDir::Files, QDir::Time);
    qint64 total = 0;
    for (const QFileInfo &entry : entries) {
        if (entry.fileName().contains(QLatin1String(".partial.")))
            continue;
        total += entry.size() + QFileInfo(entry.absoluteFilePath() + QStringLiteral(".ovr")).size();
        if (total > kMaxCacheBytes && entry.absoluteFilePath() != QFileInfo(keep).absoluteFilePath())
            removeEntry(entry.absoluteFilePath());
    }
}

} // namespace deepterra
