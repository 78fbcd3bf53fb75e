#include "common/systemwritefailure.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#include <sys/statvfs.h>
#endif

namespace deepterra {

namespace {

// A write fails when it would cross the limit, so a file this close to it is stopped by it: the
// largest single write the GeoTIFF writers make is one row of tiles.
constexpr qint64 kNearLimitBytes = 16LL * 1024 * 1024;
// Below this, the file system is full for any practical write (ext4 keeps some blocks back).
constexpr qint64 kFullDiskBytes = 1LL * 1024 * 1024;

bool isWriteReason(int error)
{
    switch (error) {
    case ENOSPC:
    case EFBIG:
    case EIO:
    case EROFS:
#ifdef EDQUOT
    case EDQUOT:
#endif
        return true;
    default:
        return false;
    }
}

QString message(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

QString SystemWriteFailure::reason(int savedErrno, const QString &writtenPath)
{
    if (isWriteReason(savedErrno))
        return message(savedErrno);
#ifdef Q_OS_UNIX
    const QFileInfo written(writtenPath);
    rlimit limit {};
    if (written.exists() && getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY
        && written.size() + kNearLimitBytes >= qint64(limit.rlim_cur))
        return message(EFBIG);
    struct statvfs disk
    {
    };
    if (statvfs(QFile::encodeName(written.absolutePath()).constData(), &disk) == 0
        && qint64(disk.f_bavail) * qint64(disk.f_frsize) < kFullDiskBytes)
        return message(ENOSPC);
#else
    Q_UNUSED(writtenPath)
#endif
    return {};
}

} // namespace deepterra
