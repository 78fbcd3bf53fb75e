#include "series/seriesorigin.h"

#include "common/dataerror.h"
#include "geodata/netcdfsubdataset.h"
#include "series/csvseriesreader.h"
#include "series/netcdfcube.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QStringList>
#include <QUrlQuery>

#include <cmath>

namespace deepterra {

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 10);
}

std::optional<double> parseNumber(const QString &text)
{
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

DataError malformed(const QString &text, const QString &problem)
{
    return DataError(text,
                     QStringLiteral("%1: a NetCDF series is written NETCDF:\"file.nc\":variable?lon=X&lat=Y "
                                    "(the cell holding a point) or ...?box=WEST,SOUTH,EAST,NORTH (the mean "
                                    "over an area), in degrees")
                         .arg(problem));
}

QRectF boxOf(double west, double south, double east, double north)
{
    return QRectF(QPointF(west, south), QPointF(east, north));
}

} // namespace

SeriesOrigin SeriesOrigin::parse(const QString &text)
{
    SeriesOrigin source;
    if (!text.startsWith(QLatin1String("NETCDF:"), Qt::CaseInsensitive)) {
        source.m_filePath = text;
        return source;
    }
    const int question = text.lastIndexOf(QLatin1Char('?'));
    if (question < 0)
        throw malformed(text, QStringLiteral("no point or box"));
    const std::optional<NetCdfSubdataset> subdataset = NetCdfSubdataset::parse(text.left(question));
    if (!subdataset)
        throw malformed(text, QStringLiteral("no file and variable"));
    const QUrlQuery query(text.mid(question + 1));
    if (query.hasQueryItem(QStringLiteral("box"))) {
        const QStringList parts = query.queryItemValue(QStringLiteral("box")).split(QLatin1Char(','));
        std::vector<double> edges;
        for (const QString &part : parts)
            if (const std::optional<double> value = parseNumber(part))
                edges.push_back(*value);
        if (parts.size() != 4 || edges.size() != 4)
            throw malformed(text, QStringLiteral("the box needs four numbers"));
        if (!(edges[0] < edges[2]) || !(edges[1] < edges[3]))
            throw malformed(
                text, QStringLiteral("the box's west must lie below its east and south below its north"));
        return netCdfMeanOver(subdataset->path, subdataset->variable,
                              boxOf(edges[0], edges[1], edges[2], edges[3]));
    }
    const std::optional<double> lon = parseNumber(query.queryItemValue(QStringLiteral("lon")));
    const std::optional<double> lat = parseNumber(query.queryItemValue(QStringLiteral("lat")));
    if (!lon || !lat)
        throw malformed(text, QStringLiteral("no number for lon or lat"));
    if (std::abs(*lat) > 90.0)
        throw malformed(text, QStringLiteral("the latitude %1 lies beyond the poles").arg(*lat));
    return netCdfAtPoint(subdataset->path, subdataset->variable, { *lon, *lat });
}

SeriesOrigin SeriesOrigin::ofLayer(const QString &filePath, const QJsonObject &properties)
{
    SeriesOrigin source;
    source.m_filePath = filePath;
    source.m_variable = properties.value(QStringLiteral("variable")).toString();
    if (!source.isNetCdf())
        return source;
    const QJsonArray box = properties.value(QStringLiteral("box")).toArray();
    if (box.size() == 4)
        source.m_box = boxOf(box[0].toDouble(), box[1].toDouble(), box[2].toDouble(), box[3].toDouble());
    else if (properties.value(QStringLiteral("lon")).isDouble()
             && properties.value(QStringLiteral("lat")).isDouble())
        source.m_lonLat = QPointF(properties.value(QStringLiteral("lon")).toDouble(),
                                  properties.value(QStringLiteral("lat")).toDouble());
    return source;
}

SeriesOrigin SeriesOrigin::netCdfAtPoint(const QString &filePath, const QString &variable,
                                         const QPointF &lonLat)
{
    SeriesOrigin source;
    source.m_filePath = filePath;
    source.m_variable = variable;
    source.m_lonLat = lonLat;
    return source;
}

SeriesOrigin SeriesOrigin::netCdfMeanOver(const QString &filePath, const QString &variable,
                                          const QRectF &lonLatBox)
{
    SeriesOrigin source;
    source.m_filePath = filePath;
    source.m_variable = variable;
    source.m_box = lonLatBox.normalized();
    return source;
}

QString SeriesOrigin::toString() const
{
    if (!isNetCdf())
        return m_filePath;
    const QString subdataset = NetCdfSubdataset { m_filePath, m_variable }.toString();
    if (m_box)
        return QStringLiteral("%1?box=%2,%3,%4,%5")
            .arg(subdataset, number(m_box->left()), number(m_box->top()), number(m_box->right()),
                 number(m_box->bottom()));
    if (m_lonLat)
        return QStringLiteral("%1?lon=%2&lat=%3")
            .arg(subdataset, number(m_lonLat->x()), number(m_lonLat->y()));
    return subdataset;
}

QString SeriesOrigin::description() const
{
    const auto latitude = [](double lat) {
        return QStringLiteral("%1° %2")
            .arg(std::abs(lat), 0, 'f', 3)
            .arg(lat < 0 ? QLatin1Char('S') : QLatin1Char('N'));
    };
    const auto longitude = [](double lon) {
        lon = std::remainder(lon, 360.0);
        return QStringLiteral("%1° %2")
            .arg(std::abs(lon), 0, 'f', 3)
            .arg(lon < 0 ? QLatin1Char('W') : QLatin1Char('E'));
    };
    if (m_box)
        return QStringLiteral("%1, mean over %2 to %3, %4 to %5")
            .arg(m_variable, latitude(m_box->top()), latitude(m_box->bottom()), longitude(m_box->left()),
                 longitude(m_box->right()));
    if (m_lonLat)
        return QStringLiteral("%1 at %2, %3")
            .arg(m_variable, latitude(m_lonLat->y()), longitude(m_lonLat->x()));
    return isNetCdf() ? m_variable : QFileInfo(m_filePath).fileName();
}

QJsonObject SeriesOrigin::layerProperties() const
{
    if (!isNetCdf())
        return {};
    QJsonObject properties { { QStringLiteral("variable"), m_variable } };
    if (m_box)
        properties.insert(QStringLiteral("box"),
                          QJsonArray { m_box->left(), m_box->top(), m_box->right(), m_box->bottom() });
    else if (m_lonLat) {
        properties.insert(QStringLiteral("lon"), m_lonLat->x());
        properties.insert(QStringLiteral("lat"), m_lonLat->y());
    }
    return properties;
}

TimeSeries SeriesOrigin::read(const CsvSeriesOptions &options, Feedback *feedback) const
{
    if (!isNetCdf()) {
        TimeSeries series = CsvSeriesReader::read(m_filePath, options);
        series.source = m_filePath;
        return series;
    }
    if (!m_box && !m_lonLat)
        throw DataError(m_filePath,
                        QStringLiteral("variable %1 is a grid: say where its series is taken, at a point "
                                       "(lon, lat) or as the mean over a box")
                            .arg(m_variable));
    const NetCdfCube cube = NetCdfCube::open(m_filePath, m_variable);
    TimeSeries series = m_box ? cube.meanOverLonLatBox(*m_box, feedback)
                              : cube.seriesAtLonLat(m_lonLat->x(), m_lonLat->y());
    series.source = toString();
    return series;
}

} // namespace deepterra
