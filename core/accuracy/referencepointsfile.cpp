#include "accuracy/referencepointsfile.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"
#include "geodata/vectorfilewriter.h"

#include <QFileInfo>
#include <QStringList>

#include <gdal.h>
#include <ogr_api.h>

#include <memory>

namespace deepterra {

namespace {

using Handle = std::unique_ptr<void, void (*)(void *)>;

Handle closing(GDALDatasetH dataset)
{
    return Handle(dataset, [](void *d) {
        if (d)
            GDALClose(static_cast<GDALDatasetH>(d));
    });
}

QString classList(const std::vector<ClassEntry> &classes)
{
    QStringList list;
    for (const ClassEntry &entry : classes)
        list << QStringLiteral("%1 %2").arg(entry.value).arg(entry.name);
    return list.join(QStringLiteral(", "));
}

} // namespace

void ReferencePointsFile::write(const QString &path, const std::vector<ReferencePoint> &points,
                                const std::vector<ClassEntry> &classes, const CrsInfo &crs)
{
    VectorFileWriter file(path);
    // The reference is text, so that the person labelling may type a class's value or its name.
    auto layer = static_cast<OGRLayerH>(file.createLayer("reference_points", crs, wkbPoint,
                                                         { { "point_id", OFTInteger },
                                                           { "map_value", OFTInteger },
                                                           { "map_class", OFTString },
                                                           { "column", OFTInteger },
                                                           { "row", OFTInteger },
                                                           { kReferenceField, OFTString } }));
    file.beginFeatures();
    for (const ReferencePoint &point : points) {
        QString name;
        for (const ClassEntry &entry : classes)
            if (entry.value == point.mapValue)
                name = entry.name;
        OGRFeatureH feature = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        OGR_F_SetFieldInteger(feature, 0, point.id);
        OGR_F_SetFieldInteger(feature, 1, point.mapValue);
        OGR_F_SetFieldString(feature, 2, name.toUtf8().constData());
        OGR_F_SetFieldInteger(feature, 3, point.column);
        OGR_F_SetFieldInteger(feature, 4, point.row);
        if (point.reference)
            OGR_F_SetFieldString(feature, 5, QByteArray::number(*point.reference).constData());
        else
            OGR_F_SetFieldNull(feature, 5);
        OGRGeometryH geometry = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(geometry, 0, point.x, point.y);
        OGR_F_SetGeometryDirectly(feature, geometry);
        const OGRErr created = OGR_L_CreateFeature(layer, feature);
        OGR_F_Destroy(feature);
        if (created != OGRERR_NONE)
            throw DataError(
                path,
                QStringLiteral("cannot write point %1: %2").arg(point.id).arg(file.errors().lastError()));
    }
    file.endFeatures();
    file.commit((long long)points.size());
}

std::vector<ReferencePoint> ReferencePointsFile::read(const QString &path,
                                                      const std::vector<ClassEntry> &classes)
{
    GdalEnvironment::ensureInitialized();
    GdalErrorScope errors;
    if (!QFileInfo::exists(path))
        throw DataError(path, QStringLiteral("file not found"));
    Handle dataset = closing(
        GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!dataset)
        throw DataError(path,
                        QStringLiteral("not a vector file GDAL can read: %1")
                            .arg(errors.lastError(QStringLiteral("unknown format"))));
    auto *ds = static_cast<GDALDatasetH>(dataset.get());
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, "reference_points");
    if (!layer && GDALDatasetGetLayerCount(ds) > 0)
        layer = GDALDatasetGetLayer(ds, 0);
    if (!layer)
        throw DataError(path, QStringLiteral("the file has no layer"));
    OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
    const int mapField = OGR_FD_GetFieldIndex(definition, "map_value");
    const int referenceField = OGR_FD_GetFieldIndex(definition, kReferenceField);
    const int idField = OGR_FD_GetFieldIndex(definition, "point_id");
    if (mapField < 0 || referenceField < 0)
        throw DataError(path,
                        QStringLiteral("the layer has no %1 field: reference points come from "
                                       "'deepterra-cli sample-points', with the class found on the "
                                       "ground or on imagery entered in their 'reference' field")
                            .arg(QLatin1String(mapField < 0 ? "map_value" : kReferenceField)));

    std::vector<ReferencePoint> points;
    OGR_L_ResetReading(layer);
    while (OGRFeatureH feature = OGR_L_GetNextFeature(layer)) {
        std::unique_ptr<void, void (*)(void *)> owned(
            feature, [](void *f) { OGR_F_Destroy(static_cast<OGRFeatureH>(f)); });
        ReferencePoint point;
        point.id = idField >= 0 ? OGR_F_GetFieldAsInteger(feature, idField) : int(OGR_F_GetFID(feature));
        point.mapValue = OGR_F_GetFieldAsInteger(feature, mapField);
        if (OGRGeometryH geometry = OGR_F_GetGeometryRef(feature)) {
            point.x = OGR_G_GetX(geometry, 0);
            point.y = OGR_G_GetY(geometry, 0);
        }
        if (OGR_F_IsFieldSetAndNotNull(feature, referenceField)) {
            const QString text = QString::fromUtf8(OGR_F_GetFieldAsString(feature, referenceField)).trimmed();
            bool isNumber = false;
            const int value = text.toInt(&isNumber);
            if (!text.isEmpty()) {
                for (const ClassEntry &entry : classes)
                    if ((isNumber && entry.value == value)
                        || (!isNumber && entry.name.compare(text, Qt::CaseInsensitive) == 0))
                        point.reference = entry.value;
                if (!point.reference)
                    throw DataError(path,
                                    QStringLiteral("point %1: the reference \"%2\" is not a class of the "
                                                   "map (its classes: %3)")
                                        .arg(point.id)
                                        .arg(text, classList(classes)));
            }
        }
        points.push_back(point);
    }
    return points;
}

} // namespace deepterra
