#include "common/systemwritefailure.h"
#include "filesizelimit.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>
#include <cstring>

using namespace deepterra;
using namespace deepterra::test;

// SystemWriteFailure: the system's reason for a failed write, from errno or, where a library lost
// errno's message (libtiff 4.5+ under GDAL 3.10), from what the system shows after the failure.
class TestSystemWriteFailure : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writeErrnoIsTheReason_data();
    void writeErrnoIsTheReason();
    void fileAtTheSizeLimitIsTooLarge();
    void ordinaryFailureHasNoSystemReason();
};

void TestSystemWriteFailure::writeErrnoIsTheReason_data()
{
    QTest::addColumn<int>("error");
    QTest::newRow("full disk") << ENOSPC;
    QTest::newRow("file size limit") << EFBIG;
    QTest::newRow("read-only file system") << EROFS;
}

void TestSystemWriteFailure::writeErrnoIsTheReason()
{
    QFETCH(int, error);
    QCOMPARE(SystemWriteFailure::reason(error, QStringLiteral("/nonexistent/out.tif")),
             QString::fromLocal8Bit(std::strerror(error)));
}

void TestSystemWriteFailure::fileAtTheSizeLimitIsTooLarge()
{
#ifdef Q_OS_UNIX
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("out.tif"));
    const qint64 limit = 64 * 1024 * 1024;
    FileSizeLimit limited(limit);
    QVERIFY(limited.active());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.resize(limit - 4096)); // as a cut-short tile write leaves it
    file.close();
    // errno was overwritten since the failure (EAGAIN is no reason for a write to fail).
    QCOMPARE(SystemWriteFailure::reason(EAGAIN, path), QString::fromLocal8Bit(std::strerror(EFBIG)));
    QVERIFY(file.resize(1024));
    QCOMPARE(SystemWriteFailure::reason(0, path), QString());
#else
    QSKIP("file-size limits are a Unix test");
#endif
}

void TestSystemWriteFailure::ordinaryFailureHasNoSystemReason()
{
    // A file far from any limit, on a disk with room: the library's own words stand alone.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("out.tif"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("II*\\0");
    file.close();
    QCOMPARE(SystemWriteFailure::reason(0, path), QString());
    QCOMPARE(SystemWriteFailure::reason(EINVAL, path), QString());
}

QTEST_GUILESS_MAIN(TestSystemWriteFailure)
#include "testsystemwritefailure.moc"
