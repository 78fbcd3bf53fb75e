#include "inference/predictedwindow.h"

#include "geodata/gdalenvironment.h"
#include "inference/predictionwriter.h"
#include "inference/private/partialgeotiff.h"

namespace deepterra {

PredictedWindow::PredictedWindow(const RasterGrid &grid, const ClassTable &classes)
    : m_grid(grid)
    , m_classes(classes)
    , m_noData(classes.isEmpty() ? PredictionWriter::kAnomalyNoData : PredictionWriter::classNoData(classes))
{
    const std::size_t pixels = std::size_t(grid.width) * std::size_t(grid.height);
    m_values.assign(pixels, float(m_noData));
    if (isClassMap())
        m_confidence.assign(pixels, PredictionWriter::kProbabilityNoData);
}

void PredictedWindow::write(const PredictionStrip &strip)
{
    const std::size_t width = std::size_t(strip.width);
    const int classCount = m_classes.size();
    for (int r = 0; r < strip.rows; ++r) {
        const std::size_t source = std::size_t(r) * width;
        const std::size_t target
            = std::size_t(strip.firstRow + r) * std::size_t(m_grid.width) + std::size_t(strip.firstColumn);
        for (std::size_t x = 0; x < width; ++x) {
            if (strip.valid[source + x] == 0)
                continue; // stays NoData
            if (!isClassMap()) {
                m_values[target + x] = strip.values[source + x];
                continue;
            }
            float probability = 0.0f;
            const int best = bestClass(strip, source + x, classCount, &probability);
            m_values[target + x] = float(m_classes.entries[std::size_t(best)].value);
            m_confidence[target + x] = probability;
        }
    }
}

void PredictedWindow::save(const QString &path) const
{
    GdalEnvironment::ensureInitialized();
    const GDALDataType type
        = isClassMap() ? PartialGeoTiff::classMapType(m_classes, int(m_noData)) : GDT_Float32;
    PartialGeoTiff file(path, m_grid, type, 1, false);
    if (isClassMap()) {
        file.describeClasses(1, m_classes, int(m_noData));
    } else {
        GDALRasterBandH band = GDALGetRasterBand(file.dataset(), 1);
        GDALSetRasterNoDataValue(band, m_noData);
        GDALSetDescription(band, "reconstruction error");
    }
    try {
        // writeRows takes a writable buffer (GDAL's signature); the values are not changed.
        std::vector<float> rows = m_values;
        file.writeRows(1, 0, 0, m_grid.width, m_grid.height, rows.data());
        file.close();
        file.commit();
    } catch (...) {
        file.discard();
        throw;
    }
}

void PredictedWindow::remove(const QString &path)
{
    PartialGeoTiff::removeFile(path);
    PartialGeoTiff::removeFile(path + QStringLiteral(".aux.xml"));
}

} // namespace deepterra
