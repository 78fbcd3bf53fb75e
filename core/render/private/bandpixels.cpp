#include "render/private/bandpixels.h"

#include "common/dataerror.h"

#include <cmath>

namespace deepterra {

std::vector<int> BandPixels::resolveBands(const RasterInfo &info, const std::vector<int> &requested)
{
    std::vector<int> bands = requested;
    if (bands.empty())
        for (int b = 1; b <= info.bandCount(); ++b)
            bands.push_back(b);
    for (int band : bands)
        if (band < 1 || band > info.bandCount())
            throw DataError(info.path,
                            QStringLiteral("band %1 requested, but the raster has %2 band(s)")
                                .arg(band)
                                .arg(info.bandCount()));
    return bands;
}

void BandPixels::markValidity(GDALRasterBandH band, const float *values, std::uint8_t *valid,
                              std::size_t count, const std::uint8_t *mask)
{
    int hasNoData = 0;
    const auto noData = static_cast<float>(GDALGetRasterNoDataValue(band, &hasNoData));
    const bool checkNoData = hasNoData && !std::isnan(noData);
    for (std::size_t i = 0; i < count; ++i)
        valid[i] = !std::isnan(values[i]) && !(checkNoData && values[i] == noData) && (!mask || mask[i] != 0);
}

} // namespace deepterra
