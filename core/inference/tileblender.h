#pragma once

#include "inference/predictionstrip.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace deepterra {

// Blends the outputs of overlapping tiles over one vertical band of a prediction: each tile's
// values are weighted by a 2-D Hann window (floored at 1e-3, so that a pixel seen by one tile keeps
// its value) and summed with the weights, for the rows not yet handed to the writer. take() moves
// the finished rows out as the weighted mean.
class TileBlender
{
public:
    // `capacityRows`: how far below the oldest row not yet taken the lowest tile may reach; tiles
    // of one tile row need `tile`, each further pending tile row `stride` more.
    TileBlender(int tile, int planes, int bandColumns, int capacityRows, int rasterHeight);

    // Empties the blender for the band of output columns [firstColumn, endColumn), from row 0.
    void startBand(int firstColumn, int endColumn);
    // Adds the tile whose top-left pixel is (ox, oy) in raster coordinates; rows and columns outside
    // the band or the raster are left out. `values`: `planes` planes of tile x tile values, or with
    // `perTile` one value per plane for the whole tile (a patch classifier's probabilities).
    void add(const float *values, bool perTile, int ox, int oy);
    int firstRow() const { return m_firstRow; }
    // Rows [firstRow(), endRow) as a strip, `valid` (rows x band width) saying which pixels had valid
    // input; the rows leave the blender.
    std::shared_ptr<PredictionStrip> take(int endRow, std::vector<std::uint8_t> valid);

    static std::vector<float> hannWeights(int tile);

private:
    int m_tile;
    int m_planes;
    int m_capacityRows;
    int m_rasterHeight;
    int m_firstColumn = 0;
    int m_columns = 0;
    int m_firstRow = 0;
    std::size_t m_plane; // capacity rows x widest band
    std::vector<float> m_hann;
    std::vector<float> m_sums; // planes x capacity rows x band columns
    std::vector<float> m_weights; // capacity rows x band columns
    std::vector<float> m_columnWeights; // one tile row's weights
};

} // namespace deepterra
