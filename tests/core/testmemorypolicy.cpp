#include "runtime/memorypolicy.h"

#include <QtTest>

#include <cstdlib>
#include <cstring>
#include <vector>

// AddressSanitizer and ThreadSanitizer bring their own malloc (GCC's macros; clang's __has_feature).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define DEEPTERRA_SANITIZER_ALLOCATOR 1
#elif defined(__has_feature)
#define DEEPTERRA_SANITIZER_ALLOCATOR (__has_feature(address_sanitizer) || __has_feature(thread_sanitizer))
#else
#define DEEPTERRA_SANITIZER_ALLOCATOR 0
#endif

#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace deepterra;

class TestMemoryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void freedActivationsAreReusedWithoutNewMappings();
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

void TestMemoryPolicy::freedActivationsAreReusedWithoutNewMappings()
{
#if !defined(__GLIBC__)
    QSKIP("the policy only acts on glibc");
#elif DEEPTERRA_SANITIZER_ALLOCATOR
    QSKIP("a sanitizer's allocator replaces glibc's malloc, which mallopt tunes");
#else
    MemoryPolicy::reuseFreedMemory();
    QCOMPARE(MemoryPolicy::largeBufferThreshold(), 256L << 20);
    // A forward pass allocates and frees the same activations batch after batch. With glibc's
    // defaults a 48 MiB buffer (above the 32 MiB ceiling of its mmap threshold) is mapped on every
    // allocation and unmapped on every free: a new mapping each time, paid in page faults. With
    // the policy the buffers come from the heap and stay there between batches.
    const int mappedBefore = mallinfo2().hblks;
    for (int batch = 0; batch < 4; ++batch) {
        std::vector<char *> activations;
        for (int i = 0; i < 3; ++i)
            activations.push_back(allocate(std::size_t(48) << 20));
        QCOMPARE(mallinfo2().hblks, mappedBefore);
        for (char *buffer : activations)
            std::free(buffer);
    }
    // ... and the freed heap is kept for the next batch rather than trimmed.
    QVERIFY(mallinfo2().fordblks >= std::size_t(3 * 48) << 20);
#endif
}

QTEST_GUILESS_MAIN(TestMemoryPolicy)
#include "testmemorypolicy.moc"
