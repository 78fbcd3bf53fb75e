#pragma once

#include "training/rasterstack.h"

#include <QRect>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

class QLockFile;
class QTemporaryDir;

namespace deepterra {

class RasterDataset;

// A training window too large to hold in memory, copied once to a tiled GeoTIFF in a temporary
// folder (see parentFolder()): its input channels as read (NaN where NoData) and, for labelled tasks, one
// more band with the labels (class index, -1 = unlabelled). Written strip by strip while the window is
// sampled, then read patch by patch from any thread for as long as the training data lives; GDAL's
// block cache is the only thing that holds the file's pixels in memory, so the memory stays
// bounded however large the window. Uncompressed, pixel-interleaved 128-pixel tiles: a 64-pixel
// patch touches two or three tiles on average and gets every channel from each, and reading one
// costs a copy, not a decompression.
class DiskStack
{
public:
    // Creates the file in a new folder under parentFolder(). Throws DataError naming the folder
    // when it lacks the room for the whole copy or cannot be written.
    DiskStack(const QRect &window, const QStringList &channels, bool labelled);
    DiskStack(const DiskStack &) = delete;
    DiskStack &operator=(const DiskStack &) = delete;
    ~DiskStack();

    // Where copies go: TMPDIR when set (a cluster node's local scratch, a disk the user chose);
    // else /var/tmp, which stays on disk where /tmp is a RAM-backed tmpfs (Debian 13 and others),
    // and would hold the copy in the very memory it is meant to spare; else the system's
    // temporary folder. Throws DataError naming TMPDIR when it is set to no folder.
    static QString parentFolder();

    const QRect &window() const { return m_window; }
    const QStringList &channels() const { return m_channels; }
    bool labelled() const { return m_labelled; }
    const QString &filePath() const { return m_filePath; }
    // Bytes the copy takes on disk once written.
    static std::uint64_t bytesFor(int channels, bool labelled, const QRect &window);

    // Writes `rowCount` rows of the window from its row `firstRow` (window-relative), taken from
    // `strip` (a full-width stack whose window holds those rows) and `labels` (strip layout, empty
    // when unlabelled). Throws DataError naming the file when the disk refuses (full, say).
    void write(const RasterStack &strip, const std::vector<std::int32_t> &labels, int firstRow, int rowCount);
    // Flushes and closes the writer; reads may start. Throws DataError naming the file on failure.
    void finish();

    // `rect` in image pixels, inside the window: the channels as written (validity from NaN) and,
    // when `labels` is given and the stack is labelled, the labels row by row. Thread-safe.
    // Throws DataError naming the file when it cannot be read (deleted or damaged meanwhile).
    RasterStack read(const QRect &rect, std::vector<std::int32_t> *labels = nullptr) const;

private:
    // Deletes the copies under `parent` whose training process is gone (crashed, killed): /var/tmp
    // outlives reboots.
    static void removeAbandonedCopies(const QString &parent);
    std::unique_ptr<RasterDataset> acquire() const;
    void release(std::unique_ptr<RasterDataset> dataset) const;

    QRect m_window;
    QStringList m_channels;
    bool m_labelled = false;
    std::unique_ptr<QTemporaryDir> m_folder;
    std::unique_ptr<QLockFile> m_owner; // held while the copy lives; removed before the folder
    QString m_filePath;
    void *m_writer = nullptr; // GDALDatasetH while writing
    mutable std::mutex m_poolMutex;
    // Datasets opened by readers and returned after each read: one per thread that reads at once,
    // each with the file's header parsed once.
    mutable std::vector<std::unique_ptr<RasterDataset>> m_pool;
};

} // namespace deepterra
