#pragma once

#include <QString>

namespace deepterra {

// The system's reason ("No space left on device", "File too large") for a write that a library
// reported only in its own words ("Write error at scanline 256"). libtiff 4.5 and later send the
// system's message to its global handler, which GDAL does not route to its own errors, so GDAL 3.10
// reports a full disk without the cause.
class SystemWriteFailure
{
public:
    // `savedErrno` is errno as the failing call left it; `writtenPath` is the file that was being
    // written. Returns the errno's message when it is a reason a write fails for, else what the
    // system shows now: a file that reached the process's file-size limit, or a disk with no room.
    // Empty when neither explains the failure.
    static QString reason(int savedErrno, const QString &writtenPath);
};

} // namespace deepterra
