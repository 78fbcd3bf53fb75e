#include "accuracy/mappedclassareas.h"

#include "common/dataerror.h"
#include "geodata/rasterstrips.h"
#include "labels/rasterclassreader.h"

#include <ogr_srs_api.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>

namespace deepterra {

namespace {

// The radius of the sphere with the WGS 84 ellipsoid's surface area.
constexpr double kAuthalicRadiusMetres = 6371007.181;
constexpr double kSquareMetresPerHectare = 10000.0;
constexpr double kPi = 3.14159265358979323846;

// Square metres per linear unit squared of a projected CRS (1 for metres, 0.3048^2 for feet).
double squareMetresPerUnit(const QString &wkt)
{
    std::unique_ptr<void, void (*)(void *)> srs(
        OSRNewSpatialReference(wkt.toUtf8().constData()),
        [](void *s) { OSRRelease(static_cast<OGRSpatialReferenceH>(s)); });
    if (!srs)
        return 1.0;
    const double metres = OSRGetLinearUnits(static_cast<OGRSpatialReferenceH>(srs.get()), nullptr);
    return metres > 0.0 ? metres * metres : 1.0;
}

// Hectares of one cell in each row of the grid.
std::vector<double> rowCellHectares(const RasterInfo &info)
{
    std::vector<double> hectares(std::size_t(info.height), std::numeric_limits<double>::quiet_NaN());
    if (!info.crs.isValid() || !info.hasGeoTransform)
        return hectares;
    const auto &c = info.geoTransform.coefficients();
    if (!info.crs.geographic) {
        const double cell = std::abs(c[1] * c[5] - c[2] * c[4]) * squareMetresPerUnit(info.crs.wkt);
        std::fill(hectares.begin(), hectares.end(), cell / kSquareMetresPerHectare);
        return hectares;
    }
    // A north-up degree grid: a cell spans |c1| degrees of longitude and the latitudes of its
    // row's edges. (A rotated degree grid is all but unheard of; it takes the row's centre.)
    const double radians = kPi / 180.0;
    for (int row = 0; row < info.height; ++row) {
        const double top = std::clamp(c[3] + c[5] * row, -90.0, 90.0);
        const double bottom = std::clamp(c[3] + c[5] * (row + 1), -90.0, 90.0);
        const double band = std::abs(std::sin(top * radians) - std::sin(bottom * radians));
        const double square = kAuthalicRadiusMetres * kAuthalicRadiusMetres * std::abs(c[1]) * radians * band;
        hectares[std::size_t(row)] = square / kSquareMetresPerHectare;
    }
    return hectares;
}

// The class of a value, added when the map's table does not name it (RasterClassReader lists
// named classes only, when there is a table).
MappedClass &classOf(std::map<int, MappedClass> &classes, int value)
{
    auto found = classes.find(value);
    if (found == classes.end()) {
        MappedClass added;
        added.entry.value = value;
        added.entry.name = ClassTable::defaultName(value);
        added.entry.color = ClassTable::defaultColor(int(classes.size()));
        added.entry.color.value = value;
        found = classes.emplace(value, added).first;
    }
    return found->second;
}

} // namespace

MappedClassAreas MappedClassAreas::measure(const QString &path, Feedback *feedback)
{
    const RasterDataset dataset = RasterDataset::open(path);
    const ClassTable table = RasterClassReader::read(path, 1);
    const std::vector<double> cellHectares = rowCellHectares(dataset.info());

    std::map<int, MappedClass> classes;
    for (const ClassEntry &entry : table.entries)
        classes[entry.value].entry = entry;
    RasterStrips::forEach(dataset, 1, feedback, [&](const RasterBuffer &buffer, int y) {
        for (int row = 0; row < buffer.height; ++row) {
            const double cell = cellHectares[std::size_t(y + row)];
            MappedClass *last = nullptr;
            float lastValue = 0.0f;
            for (int x = 0; x < buffer.width; ++x) {
                if (!buffer.isValid(0, x, row))
                    continue;
                const float v = buffer.value(0, x, row);
                if (!last || v != lastValue) {
                    if (v != std::floor(v) || std::abs(v) > 2147483647.0f)
                        throw DataError(path,
                                        QStringLiteral("the map holds the non-integer value %1 at pixel "
                                                       "(%2, %3): a class map holds integer class values")
                                            .arg(double(v))
                                            .arg(x)
                                            .arg(y + row));
                    last = &classOf(classes, int(v));
                    lastValue = v;
                }
                ++last->pixels;
                last->hectares += cell;
            }
        }
    });
    MappedClassAreas areas;
    areas.m_path = path;
    areas.m_hasArea = !cellHectares.empty() && !std::isnan(cellHectares.front());
    for (auto &[value, mapped] : classes) {
        if (!areas.m_hasArea)
            mapped.hectares = std::numeric_limits<double>::quiet_NaN();
        areas.m_classes.push_back(mapped);
    }
    return areas;
}

int MappedClassAreas::indexOfValue(int value) const
{
    for (std::size_t i = 0; i < m_classes.size(); ++i)
        if (m_classes[i].entry.value == value)
            return int(i);
    return -1;
}

qint64 MappedClassAreas::totalPixels() const
{
    qint64 total = 0;
    for (const MappedClass &c : m_classes)
        total += c.pixels;
    return total;
}

double MappedClassAreas::totalHectares() const
{
    double total = 0.0;
    for (const MappedClass &c : m_classes)
        total += c.hectares;
    return total;
}

} // namespace deepterra
