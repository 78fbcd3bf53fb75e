#pragma once

#include <QString>

namespace deepterra {

// GDAL needs its drivers registered once per process before any file is opened.
class GdalEnvironment
{
public:
    static void ensureInitialized();
    static QString gdalVersion();
    static QString projVersion();
};

} // namespace deepterra
