#include "geodata/netcdfsubdataset.h"

namespace deepterra {

std::optional<NetCdfSubdataset> NetCdfSubdataset::parse(const QString &name)
{
    static const QString prefix = QStringLiteral("NETCDF:");
    if (!name.startsWith(prefix, Qt::CaseInsensitive))
        return std::nullopt;
    const QString rest = name.mid(prefix.size());
    NetCdfSubdataset subdataset;
    if (rest.startsWith(QLatin1Char('"'))) {
        const int closing = rest.indexOf(QLatin1Char('"'), 1);
        if (closing < 0 || rest.mid(closing + 1, 1) != QLatin1String(":"))
            return std::nullopt;
        subdataset.path = rest.mid(1, closing - 1);
        subdataset.variable = rest.mid(closing + 2);
    } else {
        const int colon = rest.lastIndexOf(QLatin1Char(':'));
        if (colon < 0)
            return std::nullopt;
        subdataset.path = rest.left(colon);
        subdataset.variable = rest.mid(colon + 1);
    }
    if (subdataset.path.isEmpty() || subdataset.variable.isEmpty())
        return std::nullopt;
    return subdataset;
}

QString NetCdfSubdataset::toString() const
{
    return QStringLiteral("NETCDF:\"%1\":%2").arg(path, variable);
}

} // namespace deepterra
