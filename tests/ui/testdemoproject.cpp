#include "project/projectfile.h"
#include "workspace/demoproject.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

// The demo project: installed under share/deepterra it is opened from a copy the user can write (the
// runs go beside the project), made once; the installed project names its data beside it.
class TestDemoProject : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void copyHoldsEveryFileAndIsWritable();
    void secondCopyKeepsTheUsersChanges();
    void folderThatCannotBeMadeIsNamed();
    void installedProjectNamesItsDataBesideIt();
    void buildTreeOpensTheSourceDemoInPlace();

private:
    static void writeFile(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }
    static QByteArray readFile(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    // A shipped demo as installed: read-only files in a folder.
    static QString makeShipped(const QTemporaryDir &dir)
    {
        const QString folder = dir.filePath(QStringLiteral("share/deepterra/demo"));
        QDir().mkpath(folder);
        writeFile(folder + QStringLiteral("/olinda.deepterra"), "{\"format\": \"deepterra-project\"}");
        writeFile(folder + QStringLiteral("/L7_ETMs.tif"), QByteArray(1000, 'x'));
        for (const QString &name : { QStringLiteral("olinda.deepterra"), QStringLiteral("L7_ETMs.tif") })
            QFile::setPermissions(folder + QLatin1Char('/') + name,
                                  QFileDevice::ReadOwner | QFileDevice::ReadOther);
        return folder + QStringLiteral("/olinda.deepterra");
    }
};

void TestDemoProject::copyHoldsEveryFileAndIsWritable()
{
    QTemporaryDir dir;
    const QString shipped = makeShipped(dir);
    const QString folder = dir.filePath(QStringLiteral("home/.local/share/Deepterra/demo"));
    QString error;
    const QString copy = DemoProject::copyInto(shipped, folder, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(copy, folder + QStringLiteral("/olinda.deepterra"));
    QCOMPARE(readFile(copy), readFile(shipped));
    QCOMPARE(readFile(folder + QStringLiteral("/L7_ETMs.tif")), QByteArray(1000, 'x'));
    QVERIFY(QFile::permissions(copy) & QFileDevice::WriteOwner);
    QVERIFY(QFile::permissions(folder + QStringLiteral("/L7_ETMs.tif")) & QFileDevice::WriteOwner);
}

void TestDemoProject::secondCopyKeepsTheUsersChanges()
{
    QTemporaryDir dir;
    const QString shipped = makeShipped(dir);
    const QString folder = dir.filePath(QStringLiteral("copy"));
    QString error;
    const QString copy = DemoProject::copyInto(shipped, folder, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // The user saved the project with a task and deleted an image; reopening the demo copies only
    // what is missing.
    writeFile(copy, "{\"format\": \"deepterra-project\", \"task\": {}}");
    QVERIFY(QFile::remove(folder + QStringLiteral("/L7_ETMs.tif")));
    QCOMPARE(DemoProject::copyInto(shipped, folder, &error), copy);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(readFile(copy), QByteArray("{\"format\": \"deepterra-project\", \"task\": {}}"));
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/L7_ETMs.tif")));
}

void TestDemoProject::folderThatCannotBeMadeIsNamed()
{
    QTemporaryDir dir;
    const QString shipped = makeShipped(dir);
    // A folder under a regular file cannot be made, even by root (CI runs as root: permissions would
    // not stop it).
    writeFile(dir.filePath(QStringLiteral("plain-file")), "x");
    const QString folder = dir.filePath(QStringLiteral("plain-file/demo"));
    QString error;
    QVERIFY(DemoProject::copyInto(shipped, folder, &error).isEmpty());
    QVERIFY2(error.contains(QDir::toNativeSeparators(folder)), qPrintable(error));
}

void TestDemoProject::installedProjectNamesItsDataBesideIt()
{
    // installer/CMakeLists.txt rewrites the demo for share/deepterra/demo, where its data lie beside it.
    const QString installed = QStringLiteral(DEEPTERRA_INSTALLED_DEMO);
    const Project project = ProjectFile::load(installed);
    QCOMPARE(project.layers.size(), std::size_t(3));
    const QStringList nextToTheProject { QStringLiteral("olinda-training.gpkg"),
                                         QStringLiteral("L7_ETMs.tif"),
                                         QStringLiteral("olinda_dem_utm25s.tif") };
    for (const ProjectLayer &layer : project.layers) {
        QVERIFY2(nextToTheProject.contains(layer.path), qPrintable(layer.path));
        // The same file as the source tree's project names.
        const QString shipped = layer.path.endsWith(QLatin1String(".gpkg"))
            ? QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/") + layer.path
            : QStringLiteral(DEEPTERRA_TEST_SAMPLES_DIR "/tif/") + layer.path;
        QVERIFY2(QFileInfo::exists(shipped), qPrintable(shipped));
    }
}

void TestDemoProject::buildTreeOpensTheSourceDemoInPlace()
{
    QString error;
    QCOMPARE(DemoProject::openablePath(&error),
             QDir::cleanPath(QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda.deepterra")));
    QVERIFY(error.isEmpty());
}

QTEST_GUILESS_MAIN(TestDemoProject)
#include "testdemoproject.moc"
