#pragma once

#include <QString>
#include <QStringList>

namespace deepterra {

// Refuses, before any work starts, the output paths that would destroy data: an output that is one
// of the inputs (also through a symbolic or hard link, "./scene.tif" against "/data/scene.tif" or
// another spelling), two outputs that are the same file (the second would overwrite the first), and
// an existing path that is not a regular file (a device such as /dev/null, a FIFO, a socket, a
// directory), which writing to a temporary name and renaming would replace by a regular file.
class OutputPathCheck
{
public:
    // Throws DataError naming the first offending output and why. Empty paths are skipped, and so
    // are inputs that do not exist (reading them fails with its own message).
    static void check(const QStringList &inputs, const QStringList &outputs);

    // True when both paths name the same file: the same existing file (same device and inode where
    // the system has them, else the same canonical path), or, when neither exists yet, the same path
    // once the existing part of the folder is resolved.
    static bool sameFile(const QString &first, const QString &second);
};

} // namespace deepterra
