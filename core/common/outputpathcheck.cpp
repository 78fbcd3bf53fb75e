#include "common/outputpathcheck.h"

#include "common/dataerror.h"

#include <QDir>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

namespace deepterra {

namespace {

// The path of a file that may not exist yet, with its folder resolved as far as it exists, so that
// "out/../map.tif" and "./map.tif" compare equal before either is written.
QString resolvedPath(const QString &path)
{
    const QFileInfo file(path);
    const QString canonical = file.canonicalFilePath();
    if (!canonical.isEmpty())
        return canonical;
    const QString folder = QFileInfo(file.absolutePath()).canonicalFilePath();
    return QDir::cleanPath((folder.isEmpty() ? file.absolutePath() : folder) + QLatin1Char('/')
                           + file.fileName());
}

// What an existing path is, for the message; empty for a regular file (or a link to one) and for a
// path that does not exist.
QString specialKind(const QString &path)
{
#ifdef Q_OS_UNIX
    struct stat status;
    if (::stat(QFile::encodeName(path).constData(), &status) != 0)
        return QString();
    if (S_ISREG(status.st_mode))
        return QString();
    if (S_ISDIR(status.st_mode))
        return QStringLiteral("a folder");
    if (S_ISCHR(status.st_mode) || S_ISBLK(status.st_mode))
        return QStringLiteral("a device");
    if (S_ISFIFO(status.st_mode))
        return QStringLiteral("a FIFO (named pipe)");
    if (S_ISSOCK(status.st_mode))
        return QStringLiteral("a socket");
    return QStringLiteral("a special file");
#else
    const QFileInfo file(path);
    if (!file.exists() || file.isFile())
        return QString();
    return file.isDir() ? QStringLiteral("a folder") : QStringLiteral("a special file");
#endif
}

} // namespace

bool OutputPathCheck::sameFile(const QString &first, const QString &second)
{
    if (first.isEmpty() || second.isEmpty())
        return false;
#ifdef Q_OS_UNIX
    struct stat a;
    struct stat b;
    const bool firstExists = ::stat(QFile::encodeName(first).constData(), &a) == 0;
    const bool secondExists = ::stat(QFile::encodeName(second).constData(), &b) == 0;
    if (firstExists && secondExists)
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino; // hard links too
    if (firstExists != secondExists)
        return false;
#endif
    return resolvedPath(first) == resolvedPath(second);
}

void OutputPathCheck::check(const QStringList &inputs, const QStringList &outputs)
{
    for (int i = 0; i < outputs.size(); ++i) {
        const QString &output = outputs[i];
        if (output.isEmpty())
            continue;
        for (const QString &input : inputs)
            if (sameFile(output, input))
                throw DataError(output,
                                QStringLiteral("this output is the same file as the input %1, which "
                                               "writing it would destroy; choose another name")
                                    .arg(input));
        const QString kind = specialKind(output);
        if (!kind.isEmpty())
            throw DataError(output,
                            QStringLiteral("the output exists and is %1, not a regular file; choose the "
                                           "name of a file")
                                .arg(kind));
        for (int j = 0; j < i; ++j)
            if (sameFile(output, outputs[j]))
                throw DataError(output,
                                QStringLiteral("two outputs are the same file (%1); the second would "
                                               "overwrite the first: choose another name")
                                    .arg(outputs[j]));
    }
}

} // namespace deepterra
