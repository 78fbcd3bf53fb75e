#include "workspace/demoproject.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace deepterra {

namespace {

QString sourceTreeDemo()
{
    return QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda.deepterra");
}

} // namespace

QString DemoProject::shippedPath()
{
    // Installed first: an installed program on the machine that built it must not open the sources.
    const QString installed
        = QDir::cleanPath(QDir(QCoreApplication::applicationDirPath())
                              .filePath(QStringLiteral("../share/deepterra/demo/olinda.deepterra")));
    if (QFileInfo::exists(installed) || !QFileInfo::exists(sourceTreeDemo()))
        return installed;
    return QDir::cleanPath(sourceTreeDemo());
}

QString DemoProject::userFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("demo"));
}

QString DemoProject::openablePath(QString *error)
{
    const QString shipped = shippedPath();
    if (!QFileInfo::exists(shipped)) {
        *error = QCoreApplication::translate("DemoProject", "The demo project is missing: %1 does not exist.")
                     .arg(QDir::toNativeSeparators(shipped));
        return {};
    }
    if (shipped == QDir::cleanPath(sourceTreeDemo()))
        return shipped;
    return copyInto(shipped, userFolder(), error);
}

QString DemoProject::copyInto(const QString &shippedProject, const QString &folder, QString *error)
{
    const QFileInfo project(shippedProject);
    const QDir source = project.absoluteDir();
    if (!QDir().mkpath(folder)) {
        *error
            = QCoreApplication::translate("DemoProject", "Cannot create the folder %1 for the demo project.")
                  .arg(QDir::toNativeSeparators(folder));
        return {};
    }
    const QDir target(folder);
    for (const QFileInfo &file : source.entryInfoList(QDir::Files)) {
        const QString destination = target.filePath(file.fileName());
        if (QFileInfo::exists(destination))
            continue;
        QFile in(file.absoluteFilePath());
        if (!in.copy(destination)) {
            *error = QCoreApplication::translate("DemoProject", "Cannot copy %1 to %2: %3")
                         .arg(QDir::toNativeSeparators(file.absoluteFilePath()),
                              QDir::toNativeSeparators(destination), in.errorString());
            return {};
        }
        // Installed files are read-only; the user's copy is theirs to change.
        QFile::setPermissions(destination, QFile::permissions(destination) | QFileDevice::WriteOwner);
    }
    return target.filePath(project.fileName());
}

} // namespace deepterra
