#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace deepterra;
using deepterra::test::dataErrorCause;

// Output paths that would destroy data are refused, whatever their spelling; the others pass.
class TestOutputPathCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void distinctFilesPass();
    void outputEqualToInputIsRefused();
    void otherSpellingsOfTheInputAreRefused();
    void linksToTheInputAreRefused();
    void specialFilesAreRefused();
    void twoOutputsOnOneFileAreRefused();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

void TestOutputPathCheck::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QFile input(path(QStringLiteral("scene.tif")));
    QVERIFY(input.open(QIODevice::WriteOnly));
    input.write("not really a tiff");
    QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("sub")));
}

void TestOutputPathCheck::distinctFilesPass()
{
    // An existing regular output is overwritten on purpose: only other outputs and inputs matter.
    QFile existing(path(QStringLiteral("old-map.tif")));
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.close();
    OutputPathCheck::check({ path(QStringLiteral("scene.tif")) },
                           { path(QStringLiteral("map.tif")), path(QStringLiteral("old-map.tif")), QString(),
                             path(QStringLiteral("sub/scene.tif")) });
    QVERIFY(!OutputPathCheck::sameFile(path(QStringLiteral("map.tif")), path(QStringLiteral("p.tif"))));
}

void TestOutputPathCheck::outputEqualToInputIsRefused()
{
    const QString scene = path(QStringLiteral("scene.tif"));
    QString named;
    const QString cause = dataErrorCause([&] { OutputPathCheck::check({ scene }, { scene }); }, &named);
    QVERIFY2(cause.contains(QStringLiteral("same file as the input")), qPrintable(cause));
    QVERIFY2(cause.contains(QStringLiteral("choose another name")), qPrintable(cause));
    QCOMPARE(named, scene);
    // Any output, not only the first, and only non-empty ones.
    QVERIFY(!dataErrorCause([&] {
                 OutputPathCheck::check({ scene }, { path(QStringLiteral("map.tif")), QString(), scene });
             }).isEmpty());
}

void TestOutputPathCheck::otherSpellingsOfTheInputAreRefused()
{
    const QString scene = path(QStringLiteral("scene.tif"));
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(m_dir.path()));
    const QString relative
        = dataErrorCause([&] { OutputPathCheck::check({ scene }, { QStringLiteral("./scene.tif") }); });
    const QString dotted = dataErrorCause([&] {
        OutputPathCheck::check({ QStringLiteral("scene.tif") }, { QStringLiteral("sub/../scene.tif") });
    });
    QDir::setCurrent(previous);
    QVERIFY2(!relative.isEmpty(), "./scene.tif against the absolute path was accepted");
    QVERIFY2(!dotted.isEmpty(), "sub/../scene.tif against scene.tif was accepted");
}

void TestOutputPathCheck::linksToTheInputAreRefused()
{
#ifdef Q_OS_UNIX
    const QString scene = path(QStringLiteral("scene.tif"));
    QVERIFY(QFile::link(scene, path(QStringLiteral("symlink.tif"))));
    QVERIFY(::link(QFile::encodeName(scene).constData(),
                   QFile::encodeName(path(QStringLiteral("hardlink.tif"))).constData())
            == 0);
    QVERIFY(!dataErrorCause([&] {
                 OutputPathCheck::check({ scene }, { path(QStringLiteral("symlink.tif")) });
             }).isEmpty());
    QVERIFY(!dataErrorCause([&] {
                 OutputPathCheck::check({ path(QStringLiteral("symlink.tif")) }, { scene });
             }).isEmpty());
    QVERIFY(!dataErrorCause([&] {
                 OutputPathCheck::check({ scene }, { path(QStringLiteral("hardlink.tif")) });
             }).isEmpty());
    // A folder reached through a link: the same file under another folder name.
    QVERIFY(QFile::link(m_dir.path(), path(QStringLiteral("sub/up"))));
    QVERIFY(!dataErrorCause([&] {
                 OutputPathCheck::check({ scene }, { path(QStringLiteral("sub/up/scene.tif")) });
             }).isEmpty());
#else
    QSKIP("links are a Unix test");
#endif
}

void TestOutputPathCheck::specialFilesAreRefused()
{
    QString named;
    const QString folder
        = dataErrorCause([&] { OutputPathCheck::check({}, { path(QStringLiteral("sub")) }); }, &named);
    QVERIFY2(folder.contains(QStringLiteral("a folder")), qPrintable(folder));
    QCOMPARE(named, path(QStringLiteral("sub")));
#ifdef Q_OS_UNIX
    const QString device
        = dataErrorCause([&] { OutputPathCheck::check({}, { QStringLiteral("/dev/null") }); });
    QVERIFY2(device.contains(QStringLiteral("a device")), qPrintable(device));
    const QString fifo = path(QStringLiteral("pipe"));
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    const QString pipe = dataErrorCause([&] { OutputPathCheck::check({}, { fifo }); });
    QVERIFY2(pipe.contains(QStringLiteral("FIFO")), qPrintable(pipe));
#endif
}

void TestOutputPathCheck::twoOutputsOnOneFileAreRefused()
{
    // Neither exists yet: compared by their resolved paths.
    const QString cause = dataErrorCause([&] {
        OutputPathCheck::check({},
                               { path(QStringLiteral("map.tif")), path(QStringLiteral("sub/../map.tif")) });
    });
    QVERIFY2(cause.contains(QStringLiteral("two outputs")), qPrintable(cause));
    QVERIFY(
        OutputPathCheck::sameFile(path(QStringLiteral("new.tif")), path(QStringLiteral("sub/../new.tif"))));
}

QTEST_GUILESS_MAIN(TestOutputPathCheck)
#include "testoutputpathcheck.moc"
