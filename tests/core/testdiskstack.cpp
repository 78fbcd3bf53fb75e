#include "common/dataerror.h"
#include "testdata.h"
#include "training/diskstack.h"

#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>
#include <thread>

using namespace deepterra;

namespace {

// A full-width strip of `window` rows [top, top + rows), value = channel * 1000 + x + y / 100,
// NoData where x == y, labels x % 3 (-1 where x % 5 == 0).
RasterStack strip(const QRect &window, int top, int rows, std::vector<std::int32_t> &labels)
{
    RasterStack stack;
    stack.window = QRect(window.x(), window.y() + top, window.width(), rows);
    stack.channels = { QStringLiteral("a"), QStringLiteral("b") };
    labels.clear();
    for (int c = 0; c < 2; ++c)
        for (int y = stack.window.top(); y <= stack.window.bottom(); ++y)
            for (int x = stack.window.left(); x <= stack.window.right(); ++x) {
                stack.values.push_back(float(c * 1000 + x + y / 100.0));
                stack.valid.push_back(x == y ? 0 : 1);
                if (c == 0)
                    labels.push_back(x % 5 == 0 ? -1 : x % 3);
            }
    return stack;
}

} // namespace

class TestDiskStack : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsWrittenAreReadBackAnywhere();
    void readersOnSeveralThreads();
    void aDamagedCopyIsADataErrorNamingIt();
    void anUnusableTemporaryFolderIsADataError();
    void aCopyLargerThanTheFreeSpaceIsRefused();
    void copiesStayOnDiskUnlessTmpdirSaysOtherwise();
    void copiesOfDeadProcessesAreRemoved();
};

void TestDiskStack::rowsWrittenAreReadBackAnywhere()
{
    const QRect window(300, 200, 530, 410); // four tiles wide, four tall
    DiskStack disk(window, { QStringLiteral("a"), QStringLiteral("b") }, true);
    QVERIFY(QFile::exists(disk.filePath()));
    // Strips that overlap: each writes only its own rows.
    std::vector<std::int32_t> labels;
    for (const auto &[top, rows, from, count] :
         { std::tuple { 0, 150, 0, 120 }, std::tuple { 120, 250, 120, 250 },
           std::tuple { 360, 50, 370, 40 } }) {
        const RasterStack s = strip(window, top, rows, labels);
        disk.write(s, labels, from, count);
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, disk.write(strip(window, 0, 10, labels), labels, 5, 10));
    disk.finish();

    std::vector<std::int32_t> expectedLabels;
    const RasterStack whole = strip(window, 0, window.height(), expectedLabels);
    for (const QRect &rect : { QRect(300, 200, 64, 64), QRect(540, 430, 64, 64), QRect(760, 540, 70, 70),
                               QRect(300, 200, 530, 410) }) {
        std::vector<std::int32_t> readLabels;
        const RasterStack read = disk.read(rect, &readLabels);
        QCOMPARE(read.window, rect);
        QCOMPARE(read.channels, whole.channels);
        for (int c = 0; c < 2; ++c)
            for (int y = 0; y < rect.height(); ++y)
                for (int x = 0; x < rect.width(); ++x) {
                    const std::size_t at
                        = whole.offset(c, rect.x() - window.x() + x, rect.y() - window.y() + y);
                    QCOMPARE(read.valid[read.offset(c, x, y)], whole.valid[at]);
                    if (whole.valid[at])
                        QCOMPARE(read.values[read.offset(c, x, y)], whole.values[at]);
                    if (c == 0)
                        QCOMPARE(readLabels[std::size_t(y * rect.width() + x)], expectedLabels[at]);
                }
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, disk.read(QRect(290, 200, 20, 20)));
    QCOMPARE(DiskStack::bytesFor(2, true, window), std::uint64_t(3 * 4 * 530 * 410));
}

void TestDiskStack::readersOnSeveralThreads()
{
    const QRect window(0, 0, 300, 300);
    DiskStack disk(window, { QStringLiteral("a"), QStringLiteral("b") }, true);
    std::vector<std::int32_t> labels;
    disk.write(strip(window, 0, 300, labels), labels, 0, 300);
    disk.finish();
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                const QRect rect((i * 37 + t * 11) % 268, (i * 53 + t * 7) % 268, 32, 32);
                const RasterStack read = disk.read(rect);
                if (read.values[read.offset(1, 1, 0)] != float(1000 + rect.x() + 1 + rect.y() / 100.0))
                    ++mismatches[std::size_t(t)];
            }
        });
    for (std::thread &thread : threads)
        thread.join();
    QCOMPARE(mismatches, std::vector<int>(4, 0));
}

void TestDiskStack::aDamagedCopyIsADataErrorNamingIt()
{
    const QRect window(0, 0, 600, 600);
    DiskStack disk(window, { QStringLiteral("a") }, false);
    RasterStack s;
    s.window = window;
    s.channels = { QStringLiteral("a") };
    s.values.assign(600 * 600, 1.0f);
    s.valid.assign(600 * 600, 1);
    disk.write(s, {}, 0, 600);
    disk.finish();
    // Something else cut the file short (a full disk, a cleaner of the temporary folder).
    QVERIFY(QFile::resize(disk.filePath(), QFileInfo(disk.filePath()).size() / 3));
    QString path;
    const QString cause = test::dataErrorCause([&] { disk.read(QRect(500, 500, 64, 64)); }, &path);
    QVERIFY2(!cause.isEmpty(), "no DataError");
    QCOMPARE(path, disk.filePath());
}

void TestDiskStack::anUnusableTemporaryFolderIsADataError()
{
    const QByteArray saved = qgetenv("TMPDIR");
    for (const auto &[folder, expected] :
         { std::pair { QStringLiteral("/nonexistent/deepterra"), QStringLiteral("(TMPDIR) does not exist") },
           std::pair { QStringLiteral("/proc"), QStringLiteral("needs 1 MiB, but only 0 MiB are free") } }) {
        qputenv("TMPDIR", folder.toUtf8());
        QString path;
        const QString cause = test::dataErrorCause(
            [&] { DiskStack disk(QRect(0, 0, 10, 10), { QStringLiteral("a") }, false); }, &path);
        QVERIFY2(cause.contains(expected), qPrintable(cause));
        QCOMPARE(path, folder);
    }
    qputenv("TMPDIR", saved);
}

void TestDiskStack::aCopyLargerThanTheFreeSpaceIsRefused()
{
    // A million pixels square of ten channels: 40 TB, before a byte is written.
    QString path;
    const QString cause = test::dataErrorCause(
        [&] { DiskStack disk(QRect(0, 0, 1000000, 1000000), QStringList(10, QStringLiteral("c")), true); },
        &path);
    QVERIFY2(cause.contains(QStringLiteral("the training data's copy needs 41961670 MiB")),
             qPrintable(cause));
    QVERIFY(cause.contains(QStringLiteral("set TMPDIR")));
    QCOMPARE(path, DiskStack::parentFolder());
}

void TestDiskStack::copiesStayOnDiskUnlessTmpdirSaysOtherwise()
{
    const QByteArray saved = qgetenv("TMPDIR");
    qunsetenv("TMPDIR");
    const QString unset = DiskStack::parentFolder();
    QTemporaryDir chosen;
    qputenv("TMPDIR", chosen.path().toUtf8());
    const QString set = DiskStack::parentFolder();
    const QString inChosen = DiskStack(QRect(0, 0, 8, 8), { QStringLiteral("a") }, false).filePath();
    if (saved.isNull())
        qunsetenv("TMPDIR");
    else
        qputenv("TMPDIR", saved);
    QCOMPARE(unset, QStringLiteral("/var/tmp")); // Debian has it, on disk
    QCOMPARE(set, chosen.path());
    QVERIFY(inChosen.startsWith(chosen.path() + QStringLiteral("/deepterra-data-")));
    QVERIFY(!QFile::exists(inChosen)); // the copy's folder goes with it
}

void TestDiskStack::copiesOfDeadProcessesAreRemoved()
{
    // /var/tmp outlives reboots: a copy whose process died (its lock names a pid that is gone) is
    // deleted when the next copy is made; one whose process lives, and folders that are not
    // copies, stay.
    QTemporaryDir parent;
    const QByteArray saved = qgetenv("TMPDIR");
    qputenv("TMPDIR", parent.path().toUtf8());
    QDir dir(parent.path());
    QVERIFY(dir.mkdir(QStringLiteral("deepterra-data-dead01")));
    QVERIFY(dir.mkdir(QStringLiteral("deepterra-data-live01")));
    QVERIFY(dir.mkdir(QStringLiteral("deepterra-data-nolock")));
    QVERIFY(dir.mkdir(QStringLiteral("somebody-else")));
    {
        QFile dead(dir.filePath(QStringLiteral("deepterra-data-dead01/owner.lock")));
        QVERIFY(dead.open(QIODevice::WriteOnly));
        // QLockFile's format: pid, application name, host name. No process has pid 2^22 + 1.
        dead.write(QByteArray::number(4194305) + "\nTestDiskStack\n" + QSysInfo::machineHostName().toUtf8()
                   + "\n");
        QFile(dir.filePath(QStringLiteral("deepterra-data-dead01/training-window.tif")))
            .open(QIODevice::WriteOnly);
    }
    QLockFile live(dir.filePath(QStringLiteral("deepterra-data-live01/owner.lock")));
    QVERIFY(live.tryLock(0));
    {
        DiskStack disk(QRect(0, 0, 8, 8), { QStringLiteral("a") }, false);
        QVERIFY(QFileInfo::exists(QFileInfo(disk.filePath()).dir().filePath(QStringLiteral("owner.lock"))));
    }
    if (saved.isNull())
        qunsetenv("TMPDIR");
    else
        qputenv("TMPDIR", saved);
    QVERIFY(!dir.exists(QStringLiteral("deepterra-data-dead01")));
    QVERIFY(dir.exists(QStringLiteral("deepterra-data-live01")));
    QVERIFY(dir.exists(QStringLiteral("deepterra-data-nolock")));
    QVERIFY(dir.exists(QStringLiteral("somebody-else")));
    // And the copy just made went with its DiskStack.
    QCOMPARE(dir.entryList({ QStringLiteral("deepterra-data-*") }, QDir::Dirs).size(), 2);
}

QTEST_GUILESS_MAIN(TestDiskStack)
#include "testdiskstack.moc"
