#include "project/layerkind.h"

#include <array>
#include <utility>

namespace deepterra {

namespace {
const std::array<std::pair<LayerKind, const char *>, 7> kNames { {
    { LayerKind::Imagery, "imagery" },
    { LayerKind::Dem, "dem" },
    { LayerKind::ClassRaster, "class-raster" },
    { LayerKind::VectorLabels, "vector-labels" },
    { LayerKind::Series, "series" },
    { LayerKind::Cube, "cube" },
    { LayerKind::Prediction, "prediction" },
} };
} // namespace

QString layerKindName(LayerKind kind)
{
    for (const auto &[k, name] : kNames)
        if (k == kind)
            return QString::fromLatin1(name);
    return {};
}

std::optional<LayerKind> layerKindFromName(const QString &name)
{
    for (const auto &[k, n] : kNames)
        if (name == QLatin1String(n))
            return k;
    return std::nullopt;
}

QStringList layerKindNames()
{
    QStringList names;
    for (const auto &entry : kNames)
        names << QString::fromLatin1(entry.second);
    return names;
}

} // namespace deepterra
