#pragma once

#include <QString>

namespace deepterra {

// What a user needs to know about a coordinate reference system: its authority code when it has
// one ("EPSG:32725"), its name, and the full WKT otherwise.
struct CrsInfo
{
    QString wkt;
    QString authorityCode;
    QString name;
    bool geographic = false;

    bool isValid() const { return !wkt.isEmpty(); }
    // The authority code when there is one, the WKT otherwise: what a project file stores.
    QString identifier() const { return authorityCode.isEmpty() ? wkt : authorityCode; }

    static CrsInfo fromWkt(const QString &wkt);
    // Accepts anything GDAL's SetFromUserInput does ("EPSG:4326", WKT, PROJ strings).
    static CrsInfo fromUserInput(const QString &definition);
    bool isSameAs(const CrsInfo &other) const;
};

} // namespace deepterra
