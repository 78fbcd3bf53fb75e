#pragma once

#include "common/dataerror.h"
#include "geodata/rastergrid.h"

#include <QString>
#include <QTemporaryDir>

#include <vector>

namespace deepterra::test {

// Path of a real sample fetched by scripts/fetch-samples.sh ("tif/L7_ETMs.tif"). Fails the test
// (QFAIL semantics via the returned empty string and a warning) when the samples are missing.
QString samplePath(const QString &relative);
bool samplesAvailable(const QString &relative);

// Writes a Float32 GeoTIFF of the given size filled by `values` (row-major, band after band),
// north-up with origin (originX, originY), square pixels and an optional NoData value.
struct RasterSpec
{
    int width = 4;
    int height = 3;
    int bands = 1;
    QString dataType = QStringLiteral("Float32");
    double originX = 500000.0;
    double originY = 9120000.0;
    double pixelSize = 30.0;
    QString crs = QStringLiteral("EPSG:32725");
    bool hasNoData = false;
    double noData = -9999.0;
};
QString writeRaster(const QString &path, const RasterSpec &spec, const std::vector<double> &values);

// The cause of the DataError that `call` throws, or an empty string when it throws none.
template<typename Call> QString dataErrorCause(Call call, QString *path = nullptr)
{
    try {
        call();
    } catch (const DataError &e) {
        if (path)
            *path = e.path();
        return e.cause();
    }
    return {};
}

// Every pixel of every band of two rasters compared bit for bit (validity too): empty when they are
// equal, else where they first differ.
QString firstRasterDifference(const QString &first, const QString &second);

// A 10x10 grid of 30 m pixels in UTM 25S (EPSG:32725) at (500000, 9120000): fixtures align onto it.
RasterGrid utmGrid();

} // namespace deepterra::test
