#pragma once

#include "geodata/rastergrid.h"

#include <QString>

namespace deepterra {

// One of N parts of a whole-raster prediction, for a batch scheduler that runs the parts side by
// side (a Slurm array): `predict --part I/N`. Parts are bands of whole rows of the outputs'
// 256-pixel blocks, as even as the blocks allow, so that each part's files hold whole blocks and
// the parts join edge to edge (PredictionMosaic). Each part evaluates exactly the tiles and batches
// the whole prediction evaluates for its rows, so the joined map equals the whole map bit for bit.
struct RasterPart
{
    int index = 1; // 1-based
    int count = 1;

    // The whole raster: one part of one.
    bool isWhole() const { return count == 1; }
    // "I/N"
    QString name() const;
    // Reads "I/N" with 1 <= I <= N; false, with `problem` saying why, otherwise.
    static bool parse(const QString &text, RasterPart *part, QString *problem);

    // The rows [first, end) of a raster `height` rows high; throws DataError naming `raster` when
    // the raster has fewer rows of blocks than there are parts.
    struct Rows
    {
        int first = 0;
        int end = 0;
    };
    Rows rows(int height, const QString &raster) const;
    // The grid of those rows: the raster's, cut to them and moved down by `first` rows.
    static RasterGrid gridOf(const RasterGrid &grid, Rows rows);
};

} // namespace deepterra
