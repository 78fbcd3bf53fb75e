#include "training/diskstack.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"
#include "geodata/rasterdataset.h"
#include "labels/labelgrid.h"

#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QStorageInfo>
#include <QTemporaryDir>

#include <gdal.h>

#include <cmath>
#include <limits>

namespace deepterra {

namespace {

constexpr const char *kFolderPrefix = "deepterra-data-";
constexpr const char *kOwnerLock = "owner.lock";

int bandCount(const QStringList &channels, bool labelled)
{
    return int(channels.size()) + (labelled ? 1 : 0);
}

} // namespace

QString DiskStack::parentFolder()
{
    if (!qEnvironmentVariableIsEmpty("TMPDIR")) {
        // Qt answers an empty path when TMPDIR names no folder, which would put the copy in the
        // working directory.
        const QString path = QDir::tempPath();
        if (path.isEmpty() || !QFileInfo(path).isDir())
            throw DataError(qEnvironmentVariable("TMPDIR"),
                            QStringLiteral("the temporary folder (TMPDIR) does not exist: set TMPDIR to a "
                                           "folder with room for the training data's copy"));
        return path;
    }
    const QFileInfo varTmp(QStringLiteral("/var/tmp"));
    if (varTmp.isDir() && varTmp.isWritable())
        return varTmp.filePath();
    return QDir::tempPath();
}

DiskStack::DiskStack(const QRect &window, const QStringList &channels, bool labelled)
    : m_window(window)
    , m_channels(channels)
    , m_labelled(labelled)
{
    const QString parent = parentFolder();
    const QStorageInfo storage(parent);
    const std::uint64_t needed = bytesFor(int(channels.size()), labelled, window);
    if (storage.isValid() && storage.isReady() && std::uint64_t(storage.bytesAvailable()) < needed)
        throw DataError(
            parent,
            QStringLiteral("the training data's copy needs %1 MiB, but only %2 MiB are free there: "
                           "free some space, raise the task's memory limit or set TMPDIR to a "
                           "folder with room")
                .arg((needed + (std::uint64_t(1) << 20) - 1) >> 20) // rounded up: never "needs 0 MiB"
                .arg(std::uint64_t(storage.bytesAvailable()) >> 20));
    removeAbandonedCopies(parent);
    m_folder = std::make_unique<QTemporaryDir>(parent + QStringLiteral("/") + QLatin1String(kFolderPrefix)
                                               + QStringLiteral("XXXXXX"));
    if (!m_folder->isValid())
        throw DataError(parent,
                        QStringLiteral("cannot create a folder for the training data's copy: %1")
                            .arg(m_folder->errorString()));
    m_owner = std::make_unique<QLockFile>(m_folder->filePath(QLatin1String(kOwnerLock)));
    m_owner->setStaleLockTime(0); // stale only when its process is gone
    if (!m_owner->tryLock(0))
        throw DataError(m_folder->path(),
                        QStringLiteral("cannot write the folder of the training data's copy"));
    m_filePath = m_folder->filePath(QStringLiteral("training-window.tif"));
    GdalEnvironment::ensureInitialized();
    GdalErrorScope errors;
    // 128-pixel tiles keep a patch's reads small; a window of millions of them (the tile index
    // alone would take tens of MiB in memory) gets 512-pixel ones.
    const std::uint64_t smallTiles
        = std::uint64_t((window.width() + 127) / 128) * std::uint64_t((window.height() + 127) / 128);
    const char *block = smallTiles > (std::uint64_t(1) << 22) ? "512" : "128";
    const QByteArray blockX = QByteArray("BLOCKXSIZE=") + block;
    const QByteArray blockY = QByteArray("BLOCKYSIZE=") + block;
    const char *options[] = { "TILED=YES",
                              blockX.constData(),
                              blockY.constData(),
                              "INTERLEAVE=PIXEL",
                              "BIGTIFF=YES",
                              "SPARSE_OK=TRUE",
                              nullptr };
    GDALDatasetH dataset = GDALCreate(GDALGetDriverByName("GTiff"), m_filePath.toUtf8().constData(),
                                      window.width(), window.height(), bandCount(channels, labelled),
                                      GDT_Float32, const_cast<char **>(options));
    if (!dataset)
        throw DataError(m_filePath,
                        QStringLiteral("cannot create the training data's copy: %1")
                            .arg(errors.lastError(QStringLiteral("unknown GDAL error"))));
    // A tile never written (rows no patch reads) then reads as NoData and as unlabelled, never as
    // valid zeros of class 0.
    for (int b = 1; b <= bandCount(channels, labelled); ++b)
        GDALSetRasterNoDataValue(GDALGetRasterBand(dataset, b),
                                 labelled && b == bandCount(channels, labelled)
                                     ? double(LabelGrid::kIgnore)
                                     : std::numeric_limits<double>::quiet_NaN());
    m_writer = dataset;
}

void DiskStack::removeAbandonedCopies(const QString &parent)
{
    // Copies of runs that crashed or were killed: their folder's lock names a process that is gone.
    const QDir folder(parent);
    for (const QString &name : folder.entryList({ QLatin1String(kFolderPrefix) + QLatin1Char('*') },
                                                QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString lockPath = folder.filePath(name + QLatin1Char('/') + QLatin1String(kOwnerLock));
        if (!QFileInfo::exists(lockPath))
            continue; // being created, or not ours
        QLockFile lock(lockPath);
        lock.setStaleLockTime(0);
        if (!lock.tryLock(0))
            continue; // its training still runs
        lock.unlock();
        QDir(folder.filePath(name)).removeRecursively();
    }
}

DiskStack::~DiskStack()
{
    if (m_writer)
        GDALClose(static_cast<GDALDatasetH>(m_writer));
}

std::uint64_t DiskStack::bytesFor(int channels, bool labelled, const QRect &window)
{
    return std::uint64_t(channels + (labelled ? 1 : 0)) * std::uint64_t(window.width())
        * std::uint64_t(window.height()) * sizeof(float);
}

void DiskStack::write(const RasterStack &strip, const std::vector<std::int32_t> &labels, int firstRow,
                      int rowCount)
{
    if (!m_writer)
        throw std::logic_error("DiskStack::write after finish");
    const int width = m_window.width();
    const int stripRow = m_window.y() + firstRow - strip.window.y();
    if (strip.window.x() != m_window.x() || strip.width() != width || stripRow < 0
        || stripRow + rowCount > strip.height() || firstRow < 0 || firstRow + rowCount > m_window.height())
        throw std::invalid_argument("DiskStack::write: the rows lie outside the strip or the window");
    const int bands = bandCount(m_channels, m_labelled);
    const std::size_t plane = std::size_t(width) * std::size_t(rowCount);
    std::vector<float> buffer(plane * std::size_t(bands));
    for (int c = 0; c < strip.channelCount(); ++c) {
        const std::size_t from = strip.offset(c, 0, stripRow);
        float *to = buffer.data() + std::size_t(c) * plane;
        for (std::size_t i = 0; i < plane; ++i)
            to[i] = strip.valid[from + i] ? strip.values[from + i] : std::numeric_limits<float>::quiet_NaN();
    }
    if (m_labelled) {
        float *to = buffer.data() + std::size_t(bands - 1) * plane;
        const std::size_t from = std::size_t(stripRow) * std::size_t(width);
        for (std::size_t i = 0; i < plane; ++i)
            to[i] = float(labels[from + i]);
    }
    GdalErrorScope errors;
    // Blocks flushed out of GDAL's cache by this write report their failures here too.
    if (GDALDatasetRasterIO(static_cast<GDALDatasetH>(m_writer), GF_Write, 0, firstRow, width, rowCount,
                            buffer.data(), width, rowCount, GDT_Float32, bands, nullptr, 0, 0, 0)
            != CE_None
        || !errors.errors().isEmpty())
        throw DataError(m_filePath,
                        QStringLiteral("cannot write the training data's copy: %1")
                            .arg(errors.lastError(QStringLiteral("is the disk full?"))));
}

void DiskStack::finish()
{
    if (!m_writer)
        return;
    GdalErrorScope errors;
    auto *dataset = static_cast<GDALDatasetH>(m_writer);
    m_writer = nullptr;
    // Both return void before GDAL 3.7: the error scope is what tells on every version.
    GDALFlushCache(dataset);
    GDALClose(dataset);
    if (!errors.errors().isEmpty())
        throw DataError(m_filePath,
                        QStringLiteral("cannot write the training data's copy: %1")
                            .arg(errors.lastError(QStringLiteral("is the disk full?"))));
}

std::unique_ptr<RasterDataset> DiskStack::acquire() const
{
    {
        const std::lock_guard<std::mutex> lock(m_poolMutex);
        if (!m_pool.empty()) {
            std::unique_ptr<RasterDataset> dataset = std::move(m_pool.back());
            m_pool.pop_back();
            return dataset;
        }
    }
    return std::make_unique<RasterDataset>(RasterDataset::open(m_filePath));
}

void DiskStack::release(std::unique_ptr<RasterDataset> dataset) const
{
    const std::lock_guard<std::mutex> lock(m_poolMutex);
    m_pool.push_back(std::move(dataset));
}

RasterStack DiskStack::read(const QRect &rect, std::vector<std::int32_t> *labels) const
{
    if (m_writer)
        throw std::logic_error("DiskStack::read before finish");
    if (!m_window.contains(rect))
        throw std::invalid_argument("DiskStack::read: the area lies outside the window");
    std::unique_ptr<RasterDataset> dataset = acquire();
    std::vector<int> bands;
    const int channels = int(m_channels.size());
    for (int b = 1; b <= channels + (m_labelled && labels ? 1 : 0); ++b)
        bands.push_back(b);
    RasterBuffer buffer = dataset->readWindow(rect.translated(-m_window.topLeft()), bands);
    release(std::move(dataset));

    RasterStack stack;
    stack.window = rect;
    stack.channels = m_channels;
    const std::size_t plane = stack.planeSize();
    if (m_labelled && labels) {
        const float *values = buffer.values.data() + std::size_t(channels) * plane;
        labels->resize(plane);
        for (std::size_t i = 0; i < plane; ++i)
            (*labels)[i] = values[i] >= 0.0f ? std::int32_t(values[i]) : LabelGrid::kIgnore; // NaN too
        buffer.values.resize(std::size_t(channels) * plane);
        buffer.valid.resize(buffer.values.size());
    }
    stack.values = std::move(buffer.values);
    stack.valid = std::move(buffer.valid);
    return stack;
}

} // namespace deepterra
