#pragma once

#include <QByteArray>
#include <QString>

namespace deepterra {

// Replaces a file in one step, so that a kill, a crash or a power cut during a write leaves the
// previous file intact under its name: the new content goes to a temporary name in the same folder
// (the same filesystem, where rename(2) is atomic), is flushed to the disk, and is renamed over the
// final name. A failed write removes the temporary file and throws DataError naming the final file.
//
// For writers that take bytes, write(). For writers that need a file name of their own
// (torch::jit::Module::save, GDAL drivers): write to temporaryPath(), then commit(); an AtomicFile
// destroyed without a commit removes what was written there.
class AtomicFile
{
public:
    // `temporarySuffix`: appended to the final name; GDAL drivers that choose by extension want one
    // that ends as the final name does (".partial.gpkg").
    explicit AtomicFile(QString path, const QString &temporarySuffix = QStringLiteral(".partial"));
    ~AtomicFile();
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    const QString &path() const { return m_path; }
    const QString &temporaryPath() const { return m_temporary; }
    // Flushes the temporary file to the disk and renames it over path(). Throws DataError naming
    // path() when the temporary file is missing or empty or cannot be moved into place.
    void commit();
    // Removes the temporary file (also done by the destructor before a commit).
    void discard();

    // `bytes` written to `path` in one step (QSaveFile). The DataError's cause starts with `what`
    // ("cannot write the checkpoint") and ends with the system's reason ("File too large").
    static void write(const QString &path, const QByteArray &bytes,
                      const QString &what = QStringLiteral("cannot be written"));
    // rename(2) of `source` over `target` (MoveFileEx with replace on Windows): either the old or the
    // new file is under `target` at every moment. False when the system refused.
    static bool replace(const QString &source, const QString &target);

private:
    QString m_path;
    QString m_temporary;
    bool m_committed = false;
};

} // namespace deepterra
