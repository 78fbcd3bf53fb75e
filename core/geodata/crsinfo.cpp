#include "geodata/crsinfo.h"

#include "geodata/gdalenvironment.h"

#include <cpl_conv.h>
#include <ogr_spatialref.h>

namespace deepterra {

namespace {
CrsInfo describe(const OGRSpatialReference &srs)
{
    CrsInfo info;
    char *wkt = nullptr;
    const char *options[] = { "FORMAT=WKT2_2018", nullptr };
    if (srs.exportToWkt(&wkt, options) == OGRERR_NONE && wkt)
        info.wkt = QString::fromUtf8(wkt);
    CPLFree(wkt);
    info.name = QString::fromUtf8(srs.GetName() ? srs.GetName() : "");
    info.geographic = srs.IsGeographic();

    OGRSpatialReference identified(srs);
    if (!identified.GetAuthorityName(nullptr))
        identified.AutoIdentifyEPSG();
    const char *authority = identified.GetAuthorityName(nullptr);
    const char *code = identified.GetAuthorityCode(nullptr);
    if (authority && code)
        info.authorityCode = QString::fromUtf8(authority) + QLatin1Char(':') + QString::fromUtf8(code);
    return info;
}
} // namespace

CrsInfo CrsInfo::fromWkt(const QString &wkt)
{
    if (wkt.trimmed().isEmpty())
        return {};
    GdalEnvironment::ensureInitialized();
    OGRSpatialReference srs;
    const QByteArray utf8 = wkt.toUtf8();
    if (srs.importFromWkt(utf8.constData()) != OGRERR_NONE)
        return {};
    return describe(srs);
}

CrsInfo CrsInfo::fromUserInput(const QString &definition)
{
    GdalEnvironment::ensureInitialized();
    OGRSpatialReference srs;
    const QByteArray utf8 = definition.toUtf8();
    if (srs.SetFromUserInput(utf8.constData()) != OGRERR_NONE)
        return {};
    return describe(srs);
}

bool CrsInfo::isSameAs(const CrsInfo &other) const
{
    if (!isValid() || !other.isValid())
        return isValid() == other.isValid();
    OGRSpatialReference a, b;
    if (a.importFromWkt(wkt.toUtf8().constData()) != OGRERR_NONE
        || b.importFromWkt(other.wkt.toUtf8().constData()) != OGRERR_NONE)
        return false;
    const char *options[] = { "IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                              "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr };
    return a.IsSame(&b, options);
}

} // namespace deepterra
