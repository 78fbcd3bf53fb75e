#include "runtime/memorypolicy.h"

#include <cstdlib> // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace deepterra {

namespace {

constexpr long kLargeBuffer = 256L << 20;
constexpr long kKeptFreeHeap = 512L << 20;
constexpr int kArenas = 2;
long g_applied = 0;

} // namespace

void MemoryPolicy::reuseFreedMemory()
{
#if defined(__GLIBC__)
    // Setting the thresholds explicitly also turns off glibc's dynamic adjustment of them.
    if (mallopt(M_MMAP_THRESHOLD, int(kLargeBuffer)) == 1
        && mallopt(M_TRIM_THRESHOLD, int(kKeptFreeHeap)) == 1 && mallopt(M_ARENA_MAX, kArenas) == 1)
        g_applied = kLargeBuffer;
#endif
}

void MemoryPolicy::releaseFreeMemory()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

long MemoryPolicy::largeBufferThreshold()
{
    return g_applied;
}

} // namespace deepterra
