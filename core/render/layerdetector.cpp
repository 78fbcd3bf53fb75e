#include "render/layerdetector.h"

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "inspect/fileinspector.h"
#include "labels/vectorlabelsource.h"
#include "series/netcdfcube.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace deepterra {

namespace {

LayerKind rasterKind(const RasterInfo &info, const QString &baseName)
{
    if (info.bandCount() >= 3 || info.bandCount() == 2)
        return LayerKind::Imagery;
    const BandInfo &band = info.bands.front();
    const bool integer
        = band.dataType.contains(QLatin1String("Int")) || band.dataType == QLatin1String("Byte");
    if (integer && (!band.colorTable.empty() || band.attributeTableRows > 0))
        return LayerKind::ClassRaster;
    static const QRegularExpression demName(
        QStringLiteral("(^|[^a-z])(dem|dtm|dsm|srtm|elev|elevation|height|"
                       "topo|altitude|gebco|aster)([^a-z]|$)"),
        QRegularExpression::CaseInsensitiveOption);
    const QString unit = band.unit.toLower();
    if (demName.match(baseName).hasMatch() || unit == QLatin1String("m") || unit == QLatin1String("metre")
        || unit == QLatin1String("meters") || unit == QLatin1String("metres"))
        return LayerKind::Dem;
    return LayerKind::Imagery;
}

QString classFieldOf(const VectorLayerInfo &layer)
{
    static const QRegularExpression classLike(
        QStringLiteral("class|label|landcover|land_cover|landuse|land_use|category|categ|^type$|^lc$|^code$"),
        QRegularExpression::CaseInsensitiveOption);
    for (const QString &field : layer.fields)
        if (classLike.match(field).hasMatch())
            return field;
    return layer.fields.isEmpty() ? QString() : layer.fields.constFirst();
}

} // namespace

ProjectLayer LayerDetector::detect(const QString &path)
{
    const QFileInfo file(path);
    ProjectLayer layer;
    layer.path = file.absoluteFilePath();
    layer.name = file.completeBaseName();
    layer.id = file.completeBaseName().toLower().replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")),
                                                         QStringLiteral("-"));
    switch (FileInspector::detectKind(path)) {
    case FileInspector::Kind::Raster: {
        const RasterDataset dataset = RasterDataset::open(path);
        layer.kind = rasterKind(dataset.info(), file.completeBaseName());
        break;
    }
    case FileInspector::Kind::Vector: {
        const std::vector<VectorLayerInfo> layers = VectorLabelSource::describe(path);
        layer.kind = LayerKind::VectorLabels;
        layer.properties.insert(QStringLiteral("layer"), layers.front().name);
        const QString field = classFieldOf(layers.front());
        if (!field.isEmpty())
            layer.properties.insert(QStringLiteral("classField"), field);
        break;
    }
    case FileInspector::Kind::NetCdf: {
        const NetCdfCube cube = NetCdfCube::open(path);
        layer.kind = LayerKind::Cube;
        layer.properties.insert(QStringLiteral("variable"), cube.variable().name);
        break;
    }
    case FileInspector::Kind::Table:
        layer.kind = LayerKind::Series;
        break;
    }
    return layer;
}

} // namespace deepterra
