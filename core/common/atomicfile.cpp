#include "common/atomicfile.h"

#include "common/dataerror.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <filesystem>
#include <system_error>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <unistd.h>
#endif

namespace deepterra {

namespace {

std::filesystem::path nativePath(const QString &path)
{
#ifdef Q_OS_WIN
    return std::filesystem::path(path.toStdWString());
#else
    return std::filesystem::path(QFile::encodeName(path).toStdString());
#endif
}

// A rename makes the new file visible at once, but after a power cut only what reached the disk
// survives: without this, the renamed file could come back empty (ext4, XFS).
bool syncToDisk(const QString &path)
{
#ifdef Q_OS_UNIX
    const int descriptor = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0)
        return false;
    const bool synced = ::fsync(descriptor) == 0;
    ::close(descriptor);
    return synced;
#else
    Q_UNUSED(path);
    return true;
#endif
}

} // namespace

AtomicFile::AtomicFile(QString path, const QString &temporarySuffix)
    : m_path(std::move(path))
    , m_temporary(m_path + temporarySuffix)
{ }

AtomicFile::~AtomicFile()
{
    if (!m_committed)
        discard();
}

void AtomicFile::discard()
{
    QFile::remove(m_temporary);
}

void AtomicFile::commit()
{
    const QFileInfo written(m_temporary);
    if (!written.isFile() || written.size() <= 0) {
        discard();
        throw DataError(
            m_path, QStringLiteral("cannot be written (nothing was written to %1)").arg(written.fileName()));
    }
    if (!syncToDisk(m_temporary)) {
        discard();
        throw DataError(m_path,
                        QStringLiteral("cannot be written (the file could not be flushed to the disk)"));
    }
    std::error_code error;
    std::filesystem::rename(nativePath(m_temporary), nativePath(m_path), error);
    if (error) {
        discard();
        throw DataError(
            m_path,
            QStringLiteral("cannot be written: %1").arg(QString::fromLocal8Bit(error.message().c_str())));
    }
    m_committed = true;
}

void AtomicFile::write(const QString &path, const QByteArray &bytes, const QString &what)
{
    QSaveFile file(path);
    bool written = file.open(QIODevice::WriteOnly);
    // A write the disk cut short returns a short count without a reason; the next one fails with
    // it ("No space left on device"). QSaveFile buffers, and its commit forgets why a write failed:
    // the explicit flush is where a full disk shows with its reason. An uncommitted QSaveFile
    // removes its temporary file.
    for (qint64 offset = 0; written && offset < bytes.size();) {
        const qint64 count = file.write(bytes.constData() + offset, bytes.size() - offset);
        written = count > 0;
        offset += std::max<qint64>(count, 0);
    }
    written = written && file.flush();
    QString reason = file.errorString();
    if (!written || !file.commit()) {
        if (written)
            reason = file.errorString();
        if (reason.isEmpty() || reason == QLatin1String("Unknown error"))
            reason = QStringLiteral("write failed");
        throw DataError(path, QStringLiteral("%1: %2").arg(what, reason));
    }
}

bool AtomicFile::replace(const QString &source, const QString &target)
{
    std::error_code error;
    std::filesystem::rename(nativePath(source), nativePath(target), error);
    return !error;
}

} // namespace deepterra
