#include "geodata/gdalenvironment.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <mutex>

namespace deepterra {

void GdalEnvironment::ensureInitialized()
{
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        // GDAL's block cache is one per process, so it is sized here once rather than by a job
        // while others run. Whole-raster prediction reads every block once or twice, and a strip of
        // a band touches two rows of about 17 blocks (13 MB for six Byte bands): a larger cache only
        // holds pixels already used, and GDAL's default (5 % of RAM) would make the peak memory grow
        // with the raster. A GDAL_CACHEMAX the user set is kept.
        constexpr GIntBig kBlockCache = GIntBig(64) << 20;
        if (!CPLGetConfigOption("GDAL_CACHEMAX", nullptr) && GDALGetCacheMax64() > kBlockCache)
            GDALSetCacheMax64(kBlockCache);
    });
}

QString GdalEnvironment::gdalVersion()
{
    return QString::fromLatin1(GDALVersionInfo("RELEASE_NAME"));
}

QString GdalEnvironment::projVersion()
{
    int major = 0, minor = 0, patch = 0;
    OSRGetPROJVersion(&major, &minor, &patch);
    return QStringLiteral("%1.%2.%3").arg(major).arg(minor).arg(patch);
}

} // namespace deepterra
