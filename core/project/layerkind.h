#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace deepterra {

enum class LayerKind { Imagery, Dem, ClassRaster, VectorLabels, Series, Cube, Prediction };

QString layerKindName(LayerKind kind);
std::optional<LayerKind> layerKindFromName(const QString &name);
QStringList layerKindNames();

} // namespace deepterra
