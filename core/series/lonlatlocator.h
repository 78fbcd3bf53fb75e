#pragma once

#include "geodata/rasterdataset.h"

#include <QPoint>
#include <QPointF>
#include <QString>

#include <vector>

namespace deepterra {

// Places a lon/lat point on a grid that has no CRS, using the geolocation arrays GDAL exposes
// for CF lat/lon coordinate variables: 2-D arrays of the grid's shape are searched for the
// nearest cell; 1-D axes are checked against the geotransform GDAL derived from them, whose map
// units are then degrees.
class LonLatLocator
{
public:
    // Throws DataError(errorPath, ...) when the dataset has no geolocation arrays or they do not
    // fit its grid (for instance lat/lon stored as (x, y) while the data are (y, x)).
    static LonLatLocator create(const RasterDataset &dataset, const QString &errorPath);

    // The cell (column, row) holding the point. Throws DataError when the point is more than
    // a cell's spacing away from every cell centre.
    QPoint cellAt(double lon, double lat) const;
    // The lon/lat of every cell centre, row by row (NaN where the coordinate arrays have none).
    std::vector<QPointF> cellCentres() const;

private:
    QString m_path;
    int m_width = 0;
    int m_height = 0;
    bool m_useGeoTransform = false;
    GeoTransform m_geoTransform;
    std::vector<float> m_lon; // row-major, m_width x m_height, same row order as the data
    std::vector<float> m_lat;
};

} // namespace deepterra
