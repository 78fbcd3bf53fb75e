#include "render/hillshade.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace deepterra {

std::vector<float> Hillshade::compute(const RasterBuffer &dem, int bandSlot, double cellWidth,
                                      double cellHeight, const HillshadeOptions &options)
{
    const int width = dem.width;
    const int height = dem.height;
    std::vector<float> shade(dem.pixelCount(), std::numeric_limits<float>::quiet_NaN());
    if (width == 0 || height == 0 || cellWidth <= 0 || cellHeight <= 0)
        return shade;

    constexpr double kDegrees = M_PI / 180.0;
    const double invEw = 1.0 / cellWidth;
    const double invNs = -1.0 / cellHeight; // gdaldem divides by the geotransform's negative pixel height
    const double zScaled = options.zFactor / 8.0;
    const double sinAlt = std::sin(options.altitude * kDegrees);
    const double cosAltZ = std::cos(options.altitude * kDegrees) * zScaled;
    const double cosAzCosAltZ = std::cos(options.azimuth * kDegrees) * cosAltZ;
    const double sinAzCosAltZ = std::sin(options.azimuth * kDegrees) * cosAltZ;
    const double squareZ = zScaled * zScaled;

    auto raw = [&](int x, int y) {
        return dem.isValid(bandSlot, x, y) ? double(dem.value(bandSlot, x, y)) : std::nan("");
    };
    // A neighbour, NaN when invalid. Outside the buffer gdaldem -compute_edges extrapolates
    // linearly from the two nearest pixels: along columns beyond the first and last rows, along
    // rows beyond the first and last columns, except on the first and last rows, whose windows
    // take the nearest column instead.
    auto at = [&](int x, int y, bool edgeRow) -> double {
        if (edgeRow)
            x = std::clamp(x, 0, width - 1);
        if (y < 0 || y >= height) {
            const int column = std::clamp(x, 0, width - 1);
            const int edge = y < 0 ? 0 : height - 1;
            const int inner = y < 0 ? 1 : height - 2;
            return inner < 0 || inner >= height ? std::nan("") : 2.0 * raw(column, edge) - raw(column, inner);
        }
        if (x < 0 || x >= width) {
            const int edge = x < 0 ? 0 : width - 1;
            const int inner = x < 0 ? 1 : width - 2;
            return inner < 0 || inner >= width ? std::nan("") : 2.0 * raw(edge, y) - raw(inner, y);
        }
        return raw(x, y);
    };

    std::array<double, 9> win {};
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            if (!dem.isValid(bandSlot, x, y))
                continue;
            const bool interior = x > 0 && y > 0 && x < width - 1 && y < height - 1;
            for (int k = 0; k < 9; ++k) {
                const int nx = x + k % 3 - 1;
                const int ny = y + k / 3 - 1;
                const double value = interior ? raw(nx, ny) : at(nx, ny, y == 0 || y == height - 1);
                // A missing neighbour takes the centre's elevation, as in gdaldem.
                win[std::size_t(k)] = std::isnan(value) ? double(dem.value(bandSlot, x, y)) : value;
            }
            const double dx = ((win[0] + 2 * win[3] + win[6]) - (win[2] + 2 * win[5] + win[8])) * invEw;
            const double dy = ((win[6] + 2 * win[7] + win[8]) - (win[0] + 2 * win[1] + win[2])) * invNs;
            const double cang = (sinAlt - (dy * cosAzCosAltZ - dx * sinAzCosAltZ))
                / std::sqrt(1.0 + squareZ * (dx * dx + dy * dy));
            shade[std::size_t(y) * std::size_t(width) + std::size_t(x)] = float(cang <= 0.0 ? 0.0 : cang);
        }
    }
    return shade;
}

} // namespace deepterra
