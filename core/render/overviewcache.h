#pragma once

#include "geodata/rasterreadrequest.h"

#include <QString>

namespace deepterra {

class Feedback;
struct RasterInfo;

// Overviews for large rasters that have none, built once and reused by every later open: a VRT
// that wraps the source (<folder>/<key>.vrt) and GDAL's external overviews of it
// (<folder>/<key>.vrt.ovr), so that a whole-raster view reads a few hundred kilobytes instead of
// decoding every block. Nothing is written next to the source: its folder may be read-only or
// shared. The key hashes the source's absolute path, size, modification time and the resampling,
// so an edited file gets fresh overviews. Entries are written under temporary names and renamed
// when complete: a cancelled or failed build leaves nothing behind, and two processes building the
// same entry do not corrupt it. The least recently used entries are removed beyond kMaxCacheBytes.
//
// Thread-safe: each instance only reads its folder name; builds run on worker threads.
class OverviewCache
{
public:
    // Rasters smaller than this on both sides read fast enough without overviews.
    static constexpr int kMinimumEdge = 4096;
    static constexpr qint64 kMaxCacheBytes = qint64(4) << 30;

    // <QStandardPaths::CacheLocation>/overviews unless setDefaultFolder() chose another.
    static QString defaultFolder();
    // For the whole process (tests, benchmarks, a setting); empty restores the standard one.
    static void setDefaultFolder(const QString &folder);
    // Larger than kMinimumEdge on a side and without overviews of its own (internal or .ovr).
    static bool needsOverviews(const RasterInfo &info);

    explicit OverviewCache(const QString &folder = defaultFolder());
    const QString &folder() const { return m_folder; }

    // Names the source as it is now; empty when it is not a file (a NETCDF:"..." subdataset).
    QString key(const QString &path, Resampling resampling) const;
    // The VRT of a complete entry for the source as it is now, or empty. Marks the entry as used.
    QString find(const QString &path, Resampling resampling) const;
    // Builds the entry unless it exists and returns its VRT: levels 2, 4, 8 ... down to the first
    // under 256 pixels on its longer side, LZW-compressed. Progress (0..100) and cancellation
    // through `feedback`. Throws DataError naming the source when GDAL cannot read it, naming the
    // folder when it cannot be created or written (permissions, full disk), and JobCanceled.
    QString build(const QString &path, Resampling resampling, Feedback *feedback = nullptr) const;

private:
    void prune(const QString &keep) const;

    QString m_folder;
};

} // namespace deepterra
