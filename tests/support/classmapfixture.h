#pragma once

#include "testdata.h"

#include <QStringList>

#include <gdal.h>

#include <vector>

namespace deepterra::test {

// A Byte class map on the 30 m UTM fixture grid: `values` row-major, 255 NoData, and the class
// names as the band's category names (name i for value i), as a predicted map carries them.
inline QString writeClassMap(const QString &path, int width, int height, const std::vector<double> &values,
                             const QStringList &categoryNames = {})
{
    RasterSpec spec;
    spec.width = width;
    spec.height = height;
    spec.dataType = QStringLiteral("Byte");
    spec.hasNoData = true;
    spec.noData = 255;
    if (writeRaster(path, spec, values).isEmpty() || categoryNames.isEmpty())
        return path;
    GDALDatasetH dataset = GDALOpen(path.toUtf8().constData(), GA_Update);
    std::vector<QByteArray> names;
    for (const QString &name : categoryNames)
        names.push_back(name.toUtf8());
    std::vector<char *> list;
    for (QByteArray &name : names)
        list.push_back(name.data());
    list.push_back(nullptr);
    GDALSetRasterCategoryNames(GDALGetRasterBand(dataset, 1), list.data());
    GDALClose(dataset);
    return path;
}

// A size x size class map's values: class 2 in the corner x corner square at the top left, class 1
// elsewhere, and NoData (255) along the bottom row when asked.
inline std::vector<double> cornerClassMap(int size, int corner, bool noDataBottomRow)
{
    std::vector<double> values(std::size_t(size) * std::size_t(size), 1.0);
    for (int y = 0; y < corner; ++y)
        for (int x = 0; x < corner; ++x)
            values[std::size_t(y * size + x)] = 2.0;
    if (noDataBottomRow)
        for (int x = 0; x < size; ++x)
            values[std::size_t((size - 1) * size + x)] = 255.0;
    return values;
}

} // namespace deepterra::test
