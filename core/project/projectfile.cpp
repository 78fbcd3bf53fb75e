#include "project/projectfile.h"

#include "common/atomicfile.h"
#include "common/dataerror.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace deepterra {

namespace {

const QString kFormat = QStringLiteral("deepterra-project");
const QStringList kLayerKeys { QStringLiteral("id"),   QStringLiteral("name"),    QStringLiteral("kind"),
                               QStringLiteral("path"), QStringLiteral("visible"), QStringLiteral("opacity"),
                               QStringLiteral("style") };
const QStringList kProjectKeys { QStringLiteral("format"), QStringLiteral("version"), QStringLiteral("name"),
                                 QStringLiteral("description"), QStringLiteral("layers") };

int lineOf(const QByteArray &bytes, int offset)
{
    return int(bytes.left(offset).count('\n')) + 1;
}

ProjectLayer parseLayer(const QJsonObject &json, int index, const QString &path)
{
    auto fail = [&](const QString &cause) {
        throw DataError(path, QStringLiteral("layer %1: %2").arg(index + 1).arg(cause));
    };
    ProjectLayer layer;
    layer.id = json.value(QStringLiteral("id")).toString();
    if (layer.id.isEmpty())
        fail(QStringLiteral("missing \"id\""));
    const QString kindName = json.value(QStringLiteral("kind")).toString();
    const auto kind = layerKindFromName(kindName);
    if (!kind)
        fail(QStringLiteral("unknown kind \"%1\" (expected one of: %2)")
                 .arg(kindName, layerKindNames().join(QStringLiteral(", "))));
    layer.kind = *kind;
    layer.path = json.value(QStringLiteral("path")).toString();
    if (layer.path.isEmpty())
        fail(QStringLiteral("\"%1\" has no \"path\"").arg(layer.id));
    layer.name = json.value(QStringLiteral("name")).toString(QFileInfo(layer.path).completeBaseName());
    layer.visible = json.value(QStringLiteral("visible")).toBool(true);
    layer.opacity = json.value(QStringLiteral("opacity")).toDouble(1.0);
    if (layer.opacity < 0.0 || layer.opacity > 1.0)
        fail(QStringLiteral("\"%1\" has opacity %2, outside 0..1").arg(layer.id).arg(layer.opacity));
    layer.style = json.value(QStringLiteral("style")).toObject();
    for (auto it = json.begin(); it != json.end(); ++it)
        if (!kLayerKeys.contains(it.key()))
            layer.properties.insert(it.key(), it.value());
    return layer;
}

QString storedPath(const QString &absolute, const QDir &projectDir)
{
    if (absolute.isEmpty() || !QDir::isAbsolutePath(absolute))
        return absolute;
    const QString relative = projectDir.relativeFilePath(absolute);
    // Paths that climb far out of the project folder are more robust absolute.
    return relative.startsWith(QLatin1String("../../../")) ? absolute : relative;
}

} // namespace

Project ProjectFile::fromJson(const QJsonObject &json, const QString &path)
{
    if (json.value(QStringLiteral("format")).toString() != kFormat)
        throw DataError(path,
                        QStringLiteral("not a Deepterra project (\"format\" must be \"%1\")").arg(kFormat));
    const QJsonValue versionValue = json.value(QStringLiteral("version"));
    if (!versionValue.isDouble())
        throw DataError(path, QStringLiteral("missing \"version\""));
    const int version = versionValue.toInt();
    if (version > Project::kFormatVersion)
        throw DataError(path,
                        QStringLiteral("project format version %1 was written by a newer Deepterra; this "
                                       "build reads versions up to %2")
                            .arg(version)
                            .arg(Project::kFormatVersion));
    if (version < 1)
        throw DataError(path, QStringLiteral("invalid project format version %1").arg(version));

    Project project;
    project.name = json.value(QStringLiteral("name")).toString();
    project.description = json.value(QStringLiteral("description")).toString();
    const QJsonValue layersValue = json.value(QStringLiteral("layers"));
    if (!layersValue.isUndefined() && !layersValue.isArray())
        throw DataError(path, QStringLiteral("\"layers\" must be an array"));
    const QJsonArray layers = layersValue.toArray();
    QSet<QString> ids;
    for (int i = 0; i < layers.size(); ++i) {
        if (!layers.at(i).isObject())
            throw DataError(path, QStringLiteral("layer %1 is not an object").arg(i + 1));
        ProjectLayer layer = parseLayer(layers.at(i).toObject(), i, path);
        if (ids.contains(layer.id))
            throw DataError(path, QStringLiteral("two layers have the id \"%1\"").arg(layer.id));
        ids.insert(layer.id);
        project.layers.push_back(std::move(layer));
    }
    for (auto it = json.begin(); it != json.end(); ++it)
        if (!kProjectKeys.contains(it.key()))
            project.sections.insert(it.key(), it.value());
    return project;
}

QJsonObject ProjectFile::toJson(const Project &project, const QString &projectPath)
{
    const QDir projectDir = QFileInfo(projectPath).absoluteDir();
    QJsonArray layers;
    for (const ProjectLayer &layer : project.layers) {
        // A layer held in GDAL's memory (a training run's live prediction) lasts as long as the
        // process: a project file reopened later would only find it missing.
        if (layer.path.startsWith(QLatin1String("/vsimem/")))
            continue;
        QJsonObject json = layer.properties;
        json.insert(QStringLiteral("id"), layer.id);
        json.insert(QStringLiteral("name"), layer.name);
        json.insert(QStringLiteral("kind"), layerKindName(layer.kind));
        json.insert(QStringLiteral("path"),
                    storedPath(QFileInfo(project.absolutePath(layer)).absoluteFilePath(), projectDir));
        json.insert(QStringLiteral("visible"), layer.visible);
        json.insert(QStringLiteral("opacity"), layer.opacity);
        if (!layer.style.isEmpty())
            json.insert(QStringLiteral("style"), layer.style);
        layers.append(json);
    }
    QJsonObject json = project.sections;
    json.insert(QStringLiteral("format"), kFormat);
    json.insert(QStringLiteral("version"), Project::kFormatVersion);
    json.insert(QStringLiteral("name"), project.name);
    if (!project.description.isEmpty())
        json.insert(QStringLiteral("description"), project.description);
    json.insert(QStringLiteral("layers"), layers);
    return json;
}

Project ProjectFile::load(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        throw DataError(path, QStringLiteral("project file not found"));
    if (!file.open(QIODevice::ReadOnly))
        throw DataError(path, QStringLiteral("cannot read the project file: %1").arg(file.errorString()));
    const QByteArray bytes = file.readAll();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        throw DataError(path,
                        QStringLiteral("invalid JSON at line %1: %2")
                            .arg(lineOf(bytes, error.offset))
                            .arg(error.errorString()));
    if (!doc.isObject())
        throw DataError(path, QStringLiteral("a project file holds one JSON object"));
    Project project = fromJson(doc.object(), path);
    project.filePath = QFileInfo(path).absoluteFilePath();
    return project;
}

void ProjectFile::save(Project &project, const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const QByteArray bytes = QJsonDocument(toJson(project, absolute)).toJson(QJsonDocument::Indented);
    try {
        AtomicFile::write(absolute, bytes, QStringLiteral("cannot write the project"));
    } catch (const DataError &e) {
        throw DataError(path, e.cause()); // named as the user gave it
    }
    // Layer paths were written relative to the new location: keep them absolute in memory.
    for (ProjectLayer &layer : project.layers)
        layer.path = QFileInfo(project.absolutePath(layer)).absoluteFilePath();
    project.filePath = absolute;
}

} // namespace deepterra
