#include "runtime/memorypolicy.h"

#include <QtTest>

#include <cstdlib>
#include <cstring>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace deepterra;

class TestMemoryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void largeBuffersStayMappedAfterALargerOneWasFreed();
};

namespace {

// Touches every page so that the buffer is really resident, and lets the pointer escape so that
// the compiler cannot drop a malloc/free pair.
char *allocate(std::size_t bytes)
{
    char *buffer = static_cast<char *>(std::malloc(bytes));
    std::memset(buffer, 1, bytes);
    asm volatile("" : : "r"(buffer) : "memory");
    return buffer;
}

} // namespace

void TestMemoryPolicy::largeBuffersStayMappedAfterALargerOneWasFreed()
{
#if !defined(__GLIBC__)
    QSKIP("the policy only acts on glibc");
#else
    MemoryPolicy::returnLargeBuffersToTheSystem();
    QCOMPARE(MemoryPolicy::largeBufferThreshold(), 4L << 20);
    // With glibc's default, freeing a 24 MiB buffer raises the mmap threshold to 24 MiB and the
    // 6 MiB buffers that follow are carved from the heap (no new mapping; measured: 0 of 8).
    // With the policy they are mapped once the heap's free top is used up, so that freeing them
    // returns them to the system.
    std::free(allocate(std::size_t(24) << 20));
    const int mappedBefore = mallinfo2().hblks;
    std::vector<char *> buffers;
    for (int i = 0; i < 8; ++i)
        buffers.push_back(allocate(std::size_t(6) << 20));
    const int mapped = mallinfo2().hblks - mappedBefore;
    for (char *buffer : buffers)
        std::free(buffer);
    QVERIFY2(mapped >= 4, qPrintable(QString::number(mapped)));
    QCOMPARE(mallinfo2().hblks, mappedBefore);
#endif
}

QTEST_GUILESS_MAIN(TestMemoryPolicy)
#include "testmemorypolicy.moc"
