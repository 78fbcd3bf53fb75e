#pragma once

#include "geodata/rastergrid.h"

#include <QImage>
#include <QString>
#include <QStringList>

namespace deepterra {

// A run's split drawn for its report: the training, validation and test blocks (or the areas
// around their patches, for a random split) and the buffer between them, from the run's
// split.gpkg, over the image it trained on, in a MapFrame.
class SplitFigure
{
public:
    // `grid`: the training image's grid; `image` drawn beneath when it lies on it (RasterUnderlay,
    // `bandNames` for its bands). Throws DataError naming the layer when it cannot be read.
    static QImage render(const QString &splitLayer, const RasterGrid &grid, const QString &image = {},
                         const QStringList &bandNames = {});
};

} // namespace deepterra
