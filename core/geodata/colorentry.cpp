#include "geodata/colorentry.h"

namespace deepterra {

QString ColorEntry::hexName() const
{
    QString hex = QStringLiteral("#%1%2%3")
                      .arg(red, 2, 16, QLatin1Char('0'))
                      .arg(green, 2, 16, QLatin1Char('0'))
                      .arg(blue, 2, 16, QLatin1Char('0'));
    if (alpha != 255)
        hex += QStringLiteral("%1").arg(alpha, 2, 16, QLatin1Char('0'));
    return hex;
}

bool ColorEntry::parseHex(const QString &hex, ColorEntry &entry)
{
    if (!hex.startsWith(QLatin1Char('#')) || (hex.size() != 7 && hex.size() != 9))
        return false;
    bool ok = true;
    auto component = [&](int at) {
        bool partOk = false;
        const int v = hex.mid(at, 2).toInt(&partOk, 16);
        ok = ok && partOk;
        return static_cast<std::uint8_t>(v);
    };
    ColorEntry parsed = entry;
    parsed.red = component(1);
    parsed.green = component(3);
    parsed.blue = component(5);
    parsed.alpha = hex.size() == 9 ? component(7) : 255;
    if (ok)
        entry = parsed;
    return ok;
}

} // namespace deepterra
