#pragma once

#include <QString>

#include <cstdint>

namespace deepterra {

// A colour without QtGui: core must not depend on it. The ui converts it to QColor.
struct ColorEntry
{
    double value = 0.0;
    std::uint8_t red = 0;
    std::uint8_t green = 0;
    std::uint8_t blue = 0;
    std::uint8_t alpha = 255;

    QString hexName() const; // "#rrggbb", or "#rrggbbaa" when not opaque
    static bool parseHex(const QString &hex, ColorEntry &entry);
    bool sameColor(const ColorEntry &o) const
    {
        return red == o.red && green == o.green && blue == o.blue && alpha == o.alpha;
    }
};

} // namespace deepterra
