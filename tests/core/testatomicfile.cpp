#include "common/atomicfile.h"
#include "common/dataerror.h"
#include "filesizelimit.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace deepterra;
using namespace deepterra::test;

// AtomicFile: a write replaces the file's content in one step, and a failed one (a full disk, a
// folder that cannot be written) leaves the previous file byte for byte and no temporary file.
class TestAtomicFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void writeReplacesTheContent();
    void fullDiskKeepsThePreviousFile();
    void unwritableFolderKeepsThePreviousFile();
    void commitMovesTheTemporaryFileIntoPlace();
    void uncommittedWriteIsRemoved();
    void commitWithNothingWrittenIsAnError();

private:
    QString writePrevious(const QString &name);
    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {

const QByteArray kPrevious = QByteArrayLiteral("the previous content\n");

bool writePlain(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

} // namespace

void TestAtomicFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestAtomicFile::writePrevious(const QString &name)
{
    const QString path = m_dir->filePath(name);
    return writePlain(path, kPrevious) ? path : QString();
}

void TestAtomicFile::writeReplacesTheContent()
{
    const QString path = writePrevious(QStringLiteral("file.json"));
    QVERIFY(!path.isEmpty());
    AtomicFile::write(path, QByteArrayLiteral("new"));
    QCOMPARE(fileBytes(path), QByteArrayLiteral("new"));
    QCOMPARE(folderEntries(m_dir->path()), QStringList { QStringLiteral("file.json") });
}

void TestAtomicFile::fullDiskKeepsThePreviousFile()
{
    const QString path = writePrevious(QStringLiteral("file.json"));
    QVERIFY(!path.isEmpty());
    const QByteArray large(512 * 1024, 'x');
    QString named;
    QString cause;
    {
        FileSizeLimit limit(64 * 1024);
        if (!limit.active())
            QSKIP("file-size limits are a Unix test");
        cause = dataErrorCause([&] { AtomicFile::write(path, large, QStringLiteral("cannot write it")); },
                               &named);
    }
    QCOMPARE(named, path);
    QVERIFY2(cause.startsWith(QStringLiteral("cannot write it: ")), qPrintable(cause));
    QVERIFY2(cause.contains(QStringLiteral("File too large")), qPrintable(cause));
    QCOMPARE(fileBytes(path), kPrevious);
    QCOMPARE(folderEntries(m_dir->path()), QStringList { QStringLiteral("file.json") });
}

void TestAtomicFile::unwritableFolderKeepsThePreviousFile()
{
#ifdef Q_OS_UNIX
    const QString path = writePrevious(QStringLiteral("file.json"));
    QVERIFY(!path.isEmpty());
    QFile folder(m_dir->path());
    const QFileDevice::Permissions permissions = folder.permissions();
    QVERIFY(folder.setPermissions(QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    if (QFileInfo(m_dir->path()).isWritable()) { // root writes anyway
        folder.setPermissions(permissions);
        QSKIP("running as root: folder permissions do not stop a write");
    }
    QString named;
    const QString cause = dataErrorCause([&] { AtomicFile::write(path, QByteArrayLiteral("new")); }, &named);
    folder.setPermissions(permissions);
    QCOMPARE(named, path);
    QVERIFY2(cause.startsWith(QStringLiteral("cannot be written: ")), qPrintable(cause));
    QCOMPARE(fileBytes(path), kPrevious);
    QCOMPARE(folderEntries(m_dir->path()), QStringList { QStringLiteral("file.json") });
#else
    QSKIP("folder permissions are a Unix test");
#endif
}

void TestAtomicFile::commitMovesTheTemporaryFileIntoPlace()
{
    const QString path = writePrevious(QStringLiteral("model.pt"));
    QVERIFY(!path.isEmpty());
    {
        AtomicFile file(path, QStringLiteral(".partial.pt"));
        QCOMPARE(file.temporaryPath(), path + QStringLiteral(".partial.pt"));
        QVERIFY(writePlain(file.temporaryPath(), QByteArrayLiteral("new model")));
        // Until the commit, the previous file is what the final name holds.
        QCOMPARE(fileBytes(path), kPrevious);
        file.commit();
    }
    QCOMPARE(fileBytes(path), QByteArrayLiteral("new model"));
    QCOMPARE(folderEntries(m_dir->path()), QStringList { QStringLiteral("model.pt") });
}

void TestAtomicFile::uncommittedWriteIsRemoved()
{
    const QString path = writePrevious(QStringLiteral("model.pt"));
    QVERIFY(!path.isEmpty());
    {
        AtomicFile file(path);
        QVERIFY(writePlain(file.temporaryPath(), QByteArrayLiteral("half a mod")));
        // A writer that throws here unwinds through the destructor.
    }
    QCOMPARE(fileBytes(path), kPrevious);
    QCOMPARE(folderEntries(m_dir->path()), QStringList { QStringLiteral("model.pt") });
}

void TestAtomicFile::commitWithNothingWrittenIsAnError()
{
    const QString path = writePrevious(QStringLiteral("model.pt"));
    QVERIFY(!path.isEmpty());
    AtomicFile file(path);
    QVERIFY(writePlain(file.temporaryPath(), QByteArray()));
    QString named;
    const QString cause = dataErrorCause([&] { file.commit(); }, &named);
    QCOMPARE(named, path);
    QVERIFY2(cause.contains(QStringLiteral("nothing was written")), qPrintable(cause));
    QCOMPARE(fileBytes(path), kPrevious);
    QCOMPARE(folderEntries(m_dir->path()), QStringList { QStringLiteral("model.pt") });
}

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "testatomicfile.moc"
