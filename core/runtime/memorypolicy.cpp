#include "runtime/memorypolicy.h"

#include <cstdlib> // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace deepterra {

namespace {

constexpr long kLargeBuffer = 4L << 20;
long g_applied = 0;

} // namespace

void MemoryPolicy::returnLargeBuffersToTheSystem()
{
#if defined(__GLIBC__)
    // Setting the threshold explicitly also turns off glibc's dynamic adjustment of it.
    if (mallopt(M_MMAP_THRESHOLD, int(kLargeBuffer)) == 1)
        g_applied = kLargeBuffer;
#endif
}

long MemoryPolicy::largeBufferThreshold()
{
    return g_applied;
}

} // namespace deepterra
