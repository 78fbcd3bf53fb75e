#include "series/netcdfcatalog.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"
#include "series/cftimeaxis.h"

#include <QFileInfo>

#include <cpl_string.h>
#include <gdal.h>

namespace deepterra {

namespace {

QString attributeText(GDALMDArrayH array, const char *name)
{
    GDALAttributeH attribute = GDALMDArrayGetAttribute(array, name);
    if (!attribute)
        return {};
    const char *text = GDALAttributeReadAsString(attribute);
    const QString result = text ? QString::fromUtf8(text).trimmed() : QString();
    GDALAttributeRelease(attribute);
    return result;
}

// GDAL's multidimensional API hands the CF units attribute out as the array's unit, not as an
// attribute.
QString unitsOf(GDALMDArrayH array)
{
    const char *unit = GDALMDArrayGetUnit(array);
    return unit && *unit ? QString::fromUtf8(unit).trimmed() : attributeText(array, "units");
}

std::vector<double> readAll(GDALMDArrayH array, std::size_t count)
{
    std::vector<double> values(count);
    const GUInt64 start = 0;
    const size_t size = count;
    GDALExtendedDataTypeH type = GDALExtendedDataTypeCreate(GDT_Float64);
    const bool ok = GDALMDArrayRead(array, &start, &size, nullptr, nullptr, type, values.data(),
                                    values.data(), values.size() * sizeof(double));
    GDALExtendedDataTypeRelease(type);
    if (!ok)
        values.clear();
    return values;
}

bool looksLikeTime(GDALDimensionH dimension, const QString &units)
{
    const char *type = GDALDimensionGetType(dimension);
    return units.contains(QLatin1String(" since "), Qt::CaseInsensitive)
        || (type && QLatin1String(type) == QLatin1String("TEMPORAL"));
}

// Finds the time dimension among the variable's dimensions and decodes its first and last value.
void describeTime(NetCdfVariable &variable, GDALDimensionH *dims, std::size_t count)
{
    for (std::size_t i = 0; i < count; ++i) {
        GDALMDArrayH coordinate = GDALDimensionGetIndexingVariable(dims[i]);
        if (!coordinate)
            continue;
        const QString units = unitsOf(coordinate);
        if (looksLikeTime(dims[i], units)) {
            variable.timeDimension = QString::fromUtf8(GDALDimensionGetName(dims[i]));
            variable.timeUnits = units;
            variable.calendar = attributeText(coordinate, "calendar");
            const auto size = std::size_t(GDALDimensionGetSize(dims[i]));
            const std::vector<double> values = readAll(coordinate, size);
            try {
                const CfTimeAxis axis = CfTimeAxis::parse(units, variable.calendar);
                if (values.empty() && size > 0) {
                    variable.timeAxisProblem
                        = QStringLiteral("the values of time coordinate %1 cannot be read")
                              .arg(variable.timeDimension);
                } else {
                    variable.timeSteps = int(size);
                    variable.hasTimeAxis = true;
                    if (!values.empty()) {
                        variable.firstTime = axis.toDateTime(values.front());
                        variable.lastTime = axis.toDateTime(values.back());
                    }
                }
            } catch (const DataError &error) {
                variable.timeAxisProblem = error.cause();
            }
        }
        GDALMDArrayRelease(coordinate);
        if (!variable.timeDimension.isEmpty())
            return;
    }
}

NetCdfVariable describe(GDALGroupH group, const char *name)
{
    NetCdfVariable variable;
    variable.name = QString::fromUtf8(name);
    GDALMDArrayH array = GDALGroupOpenMDArray(group, name, nullptr);
    if (!array)
        return variable;
    variable.longName = attributeText(array, "long_name");
    variable.units = unitsOf(array);
    size_t count = 0;
    GDALDimensionH *dims = GDALMDArrayGetDimensions(array, &count);
    for (std::size_t i = 0; i < count; ++i)
        variable.dimensions.append(QString::fromUtf8(GDALDimensionGetName(dims[i])));
    if (count >= 1)
        variable.width = int(GDALDimensionGetSize(dims[count - 1]));
    if (count >= 2)
        variable.height = int(GDALDimensionGetSize(dims[count - 2]));
    describeTime(variable, dims, count);
    GDALReleaseDimensions(dims, count);
    GDALMDArrayRelease(array);
    return variable;
}

} // namespace

std::vector<NetCdfVariable> NetCdfCatalog::list(const QString &path)
{
    GdalEnvironment::ensureInitialized();
    const QFileInfo file(path);
    if (!file.exists())
        throw DataError(path, QStringLiteral("file not found"));
    if (!file.isFile())
        throw DataError(path, QStringLiteral("not a file"));

    GdalErrorScope errors;
    const char *drivers[] = { "netCDF", nullptr };
    GDALDatasetH dataset = GDALOpenEx(path.toUtf8().constData(), GDAL_OF_MULTIDIM_RASTER | GDAL_OF_READONLY,
                                      drivers, nullptr, nullptr);
    if (!dataset)
        throw DataError(path,
                        QStringLiteral("cannot open as NetCDF: %1")
                            .arg(errors.lastError(QStringLiteral("not a NetCDF file GDAL can read"))));
    std::vector<NetCdfVariable> variables;
    GDALGroupH root = GDALDatasetGetRootGroup(dataset);
    if (root) {
        char **names = GDALGroupGetMDArrayNames(root, nullptr);
        for (int i = 0; names && names[i]; ++i)
            variables.push_back(describe(root, names[i]));
        CSLDestroy(names);
        GDALGroupRelease(root);
    }
    GDALClose(dataset);
    return variables;
}

} // namespace deepterra
