#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QStringList>

#include <csignal>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

namespace deepterra::test {

// A full disk without root, for the scope's lifetime: a file-size limit (RLIMIT_FSIZE) makes
// write(2) beyond `bytes` fail with EFBIG ("File too large") where ENOSPC would fail, and SIGXFSZ
// is ignored, as the kernel would otherwise kill the process. Unix only: active() is false elsewhere.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(qint64 bytes)
    {
#ifdef Q_OS_UNIX
        if (getrlimit(RLIMIT_FSIZE, &m_previous) != 0)
            return;
        m_previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = m_previous;
        limited.rlim_cur = rlim_t(bytes);
        m_active = setrlimit(RLIMIT_FSIZE, &limited) == 0;
#else
        Q_UNUSED(bytes);
#endif
    }
    ~FileSizeLimit()
    {
        release();
    }
    FileSizeLimit(const FileSizeLimit &) = delete;
    FileSizeLimit &operator=(const FileSizeLimit &) = delete;

    bool active() const
    {
        return m_active;
    }
    void release()
    {
#ifdef Q_OS_UNIX
        if (m_active) {
            setrlimit(RLIMIT_FSIZE, &m_previous);
            std::signal(SIGXFSZ, m_previousHandler);
        }
#endif
        m_active = false;
    }

private:
    bool m_active = false;
#ifdef Q_OS_UNIX
    rlimit m_previous {};
    void (*m_previousHandler)(int) = SIG_DFL;
#endif
};

// The bytes of a file (empty when it cannot be read): to compare a file byte for byte.
inline QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every entry of `folder` (files and folders, hidden ones too), sorted: to see that a failed write
// left no temporary file behind.
inline QStringList folderEntries(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                                  QDir::Name);
}

} // namespace deepterra::test
