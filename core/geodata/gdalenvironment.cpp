#include "geodata/gdalenvironment.h"

#include <gdal.h>
#include <ogr_srs_api.h>

#include <mutex>

namespace deepterra {

void GdalEnvironment::ensureInitialized()
{
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
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
