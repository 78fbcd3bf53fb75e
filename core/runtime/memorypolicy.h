#pragma once

namespace deepterra {

// Process-wide memory settings for long runs over large rasters.
class MemoryPolicy
{
public:
    // Makes buffers of 4 MiB and more come straight from the system and go back to it when freed.
    // glibc raises its mmap threshold to the largest buffer freed so far (up to 32 MiB), after
    // which strip-sized buffers allocated on reader and writer threads are carved from per-thread
    // heaps that fragment and never shrink: measured on a 6000-pixel-wide prediction, 712 MiB peak
    // instead of 574 MiB. Does nothing where the C library is not glibc. Call once at start-up.
    static void returnLargeBuffersToTheSystem();
    // The threshold applied, in bytes (0 where nothing was applied).
    static long largeBufferThreshold();
};

} // namespace deepterra
