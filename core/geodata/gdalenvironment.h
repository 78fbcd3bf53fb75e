#pragma once

#include <QString>

namespace deepterra {

// GDAL needs its drivers registered once per process before any file is opened; its block cache
// is sized then too (64 MiB unless GDAL_CACHEMAX says otherwise).
class GdalEnvironment
{
public:
    static void ensureInitialized();
    static QString gdalVersion();
    static QString projVersion();
};

} // namespace deepterra
