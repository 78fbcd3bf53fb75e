#include "inference/tileblender.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace deepterra {

namespace {

constexpr double kPi = 3.14159265358979323846;

} // namespace

TileBlender::TileBlender(int tile, int planes, int bandColumns, int capacityRows, int rasterHeight)
    : m_tile(tile)
    , m_planes(planes)
    , m_capacityRows(capacityRows)
    , m_rasterHeight(rasterHeight)
    , m_plane(std::size_t(capacityRows) * std::size_t(bandColumns))
    , m_hann(hannWeights(tile))
    , m_sums(std::size_t(planes) * m_plane, 0.0f)
    , m_weights(m_plane, 0.0f)
    , m_columnWeights(std::size_t(tile))
{ }

std::vector<float> TileBlender::hannWeights(int tile)
{
    std::vector<float> weights(static_cast<std::size_t>(tile));
    for (int i = 0; i < tile; ++i) {
        const double s = std::sin(kPi * (i + 0.5) / tile);
        weights[std::size_t(i)] = float(std::max(1e-3, s * s));
    }
    return weights;
}

void TileBlender::startBand(int firstColumn, int endColumn)
{
    if (std::size_t(m_capacityRows) * std::size_t(endColumn - firstColumn) > m_plane)
        throw std::logic_error("TileBlender: band wider than the blender");
    m_firstColumn = firstColumn;
    m_columns = endColumn - firstColumn;
    m_firstRow = 0;
    std::fill(m_sums.begin(), m_sums.end(), 0.0f);
    std::fill(m_weights.begin(), m_weights.end(), 0.0f);
}

void TileBlender::add(const float *values, bool perTile, int ox, int oy)
{
    if (std::min(oy + m_tile, m_rasterHeight) - m_firstRow > m_capacityRows)
        throw std::logic_error("TileBlender: tile below the blender's capacity");
    const std::size_t columns = std::size_t(m_columns);
    const std::size_t tilePlane = std::size_t(m_tile) * std::size_t(m_tile);
    // The part of the tile inside the band: x in [x0, x1).
    const int x0 = std::max(0, m_firstColumn - ox);
    const int x1 = std::min(m_tile, m_firstColumn + m_columns - ox);
    const int n = x1 - x0;
    if (n <= 0)
        return;
    for (int r = 0; r < m_tile; ++r) {
        const int row = oy + r;
        if (row < m_firstRow || row >= m_rasterHeight)
            continue;
        for (int x = x0; x < x1; ++x)
            m_columnWeights[std::size_t(x)] = m_hann[std::size_t(r)] * m_hann[std::size_t(x)];
        // Accumulator position of the tile's pixel x0 in this row.
        const std::size_t start
            = std::size_t(row - m_firstRow) * columns + std::size_t(ox + x0 - m_firstColumn);
        const float *w = m_columnWeights.data() + x0;
        float *weightRow = m_weights.data() + start;
        for (int x = 0; x < n; ++x)
            weightRow[x] += w[x];
        for (int p = 0; p < m_planes; ++p) {
            float *sumRow = m_sums.data() + std::size_t(p) * m_plane + start;
            if (perTile) {
                const float value = values[p];
                for (int x = 0; x < n; ++x)
                    sumRow[x] += w[x] * value;
            } else {
                const float *outRow = values + std::size_t(p) * tilePlane
                    + std::size_t(r) * std::size_t(m_tile) + std::size_t(x0);
                for (int x = 0; x < n; ++x)
                    sumRow[x] += w[x] * outRow[x];
            }
        }
    }
}

std::shared_ptr<PredictionStrip> TileBlender::take(int endRow, std::vector<std::uint8_t> valid)
{
    const int rows = endRow - m_firstRow;
    auto strip = std::make_shared<PredictionStrip>();
    strip->firstRow = m_firstRow;
    strip->rows = rows;
    strip->firstColumn = m_firstColumn;
    strip->width = m_columns;
    strip->planes = m_planes;
    const std::size_t count = std::size_t(rows) * std::size_t(m_columns);
    strip->values.resize(std::size_t(m_planes) * count);
    for (int p = 0; p < m_planes; ++p)
        for (std::size_t i = 0; i < count; ++i)
            strip->values[std::size_t(p) * count + i] = m_sums[std::size_t(p) * m_plane + i] / m_weights[i];
    strip->valid = std::move(valid);
    strip->valid.resize(count, 0);

    // The unfinished rows move to the top.
    const std::size_t used = std::size_t(m_capacityRows) * std::size_t(m_columns);
    const std::size_t kept = used - count;
    for (int p = 0; p < m_planes; ++p) {
        float *plane = m_sums.data() + std::size_t(p) * m_plane;
        std::copy(plane + count, plane + used, plane);
        std::fill(plane + kept, plane + used, 0.0f);
    }
    std::copy(m_weights.begin() + std::ptrdiff_t(count), m_weights.begin() + std::ptrdiff_t(used),
              m_weights.begin());
    std::fill(m_weights.begin() + std::ptrdiff_t(kept), m_weights.begin() + std::ptrdiff_t(used), 0.0f);
    m_firstRow = endRow;
    return strip;
}

} // namespace deepterra
