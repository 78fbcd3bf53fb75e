#pragma once

#include "geodata/rastergrid.h"
#include "inference/predictionsink.h"
#include "labels/classtable.h"

#include <QString>

#include <vector>

namespace deepterra {

// A prediction held in memory instead of written to files (RasterPredictor::predictInMemory): the
// class map and the winning class's probability, or the reconstruction-error map, on the predicted
// raster's grid. Meant for small windows (the live preview of a training run): the whole map is
// held, 8 bytes a pixel.
class PredictedWindow : public PredictionSink
{
public:
    // A class map when `classes` is not empty, else a reconstruction-error map.
    PredictedWindow(const RasterGrid &grid, const ClassTable &classes);

    void write(const PredictionStrip &strip) override;

    const RasterGrid &grid() const { return m_grid; }
    bool isClassMap() const { return !m_classes.isEmpty(); }
    const ClassTable &classes() const { return m_classes; }
    // The class maps' NoData (PredictionWriter::classNoData) or the error maps'
    // (PredictionWriter::kAnomalyNoData), where an input channel had NoData.
    double noData() const { return m_noData; }
    // Row after row: each pixel's class value, or its reconstruction error.
    const std::vector<float> &values() const { return m_values; }
    // Class maps: the winning class's probability, PredictionWriter::kProbabilityNoData at NoData.
    const std::vector<float> &confidence() const { return m_confidence; }
    // The value at (column, row) of the grid.
    float valueAt(int column, int row) const
    {
        return m_values[std::size_t(row) * std::size_t(m_grid.width) + std::size_t(column)];
    }

    // Writes the map as a GeoTIFF like PredictionWriter's (class colours and names, NoData) to any
    // path GDAL writes, a /vsimem/ one included, under a temporary name moved into place at the
    // end. Throws DataError naming `path` when it cannot be written.
    void save(const QString &path) const;
    // Deletes a file save() wrote, from the disk or GDAL's memory; quiet when there is none.
    static void remove(const QString &path);
    static bool isInMemory(const QString &path) { return path.startsWith(QLatin1String("/vsimem/")); }

private:
    RasterGrid m_grid;
    ClassTable m_classes;
    double m_noData = 0.0;
    std::vector<float> m_values;
    std::vector<float> m_confidence;
};

} // namespace deepterra
