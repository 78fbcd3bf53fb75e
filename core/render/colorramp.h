#pragma once

#include "geodata/colorentry.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace deepterra {

// A continuous colour ramp: colour stops at positions 0..1 (ColorEntry::value), interpolated
// linearly between stops. The named ramps are the ones geoscientists know from matplotlib,
// viridisLite and ColorBrewer, sampled at their published stops.
class ColorRamp
{
public:
    // "grey", "viridis", "magma", "inferno", "cividis", "terrain", "elevation", "spectral", "rdylbu",
    // "rdbu", "blues", "greens", "ylgnbu"
    static QStringList names();
    // A named ramp (case-insensitive), or nothing for an unknown name.
    static std::optional<ColorRamp> named(const QString &name);
    // The named ramp, or grey for an unknown name: what a renderer falls back to.
    static ColorRamp namedOrGrey(const QString &name);
    // Stops must be sorted by position, the first at 0 and the last at 1; std::invalid_argument
    // otherwise.
    ColorRamp(const QString &name, std::vector<ColorEntry> stops);

    const QString &name() const { return m_name; }
    const std::vector<ColorEntry> &stops() const { return m_stops; }
    // `position` is clamped to 0..1; NaN gives the first stop.
    ColorEntry colorAt(double position) const;
    ColorRamp reversed() const;
    // `count` colours evenly spaced from 0 to 1, for lookup tables.
    std::vector<ColorEntry> sample(int count) const;

private:
    QString m_name;
    std::vector<ColorEntry> m_stops;
};

} // namespace deepterra
