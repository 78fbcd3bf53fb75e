#pragma once

#include "geodata/rastergrid.h"

#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>

namespace deepterra {

// An image drawn beneath a report map: its natural colours where its bands say which they are
// (red, green and blue by their descriptions or colour interpretation), else its first three bands
// (one band: grey), each stretched from its 2nd to its 98th percentile, read at the figure's size.
class RasterUnderlay
{
public:
    // `bandNames`: what the project calls band 1, 2, ... (a run's channel names), which may say
    // which bands are red, green and blue where the file does not. A null image when `path` is
    // empty, cannot be read or does not lie on `grid`. `shown` says which bands it shows, for a
    // caption ("bands 3, 2 and 1 as red, green and blue").
    static QImage read(const QString &path, const RasterGrid &grid, const QSize &size,
                       const QStringList &bandNames = {}, QString *shown = nullptr);
};

} // namespace deepterra
