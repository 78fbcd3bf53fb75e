#include "project/project.h"

#include <QDir>
#include <QFileInfo>

namespace deepterra {

QString Project::absolutePath(const ProjectLayer &layer) const
{
    if (layer.path.isEmpty() || QDir::isAbsolutePath(layer.path) || filePath.isEmpty())
        return layer.path;
    return QDir::cleanPath(QFileInfo(filePath).absoluteDir().filePath(layer.path));
}

const ProjectLayer *Project::layer(const QString &id) const
{
    for (const ProjectLayer &l : layers)
        if (l.id == id)
            return &l;
    return nullptr;
}

ProjectLayer *Project::layer(const QString &id)
{
    return const_cast<ProjectLayer *>(std::as_const(*this).layer(id));
}

QString Project::uniqueLayerId(const QString &base) const
{
    QString cleaned;
    for (const QChar c : base.toLower())
        cleaned += c.isLetterOrNumber() ? c : QLatin1Char('-');
    if (cleaned.isEmpty())
        cleaned = QStringLiteral("layer");
    QString id = cleaned;
    for (int n = 2; layer(id); ++n)
        id = QStringLiteral("%1-%2").arg(cleaned).arg(n);
    return id;
}

} // namespace deepterra
