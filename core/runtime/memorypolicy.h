#pragma once

namespace deepterra {

// Process-wide memory settings for long runs of LibTorch over large rasters.
class MemoryPolicy
{
public:
    // Lets freed tensors be reused instead of handed back to the system after every batch.
    // LibTorch allocates each activation with malloc; glibc maps buffers above its mmap threshold
    // (at most 32 MiB) afresh and unmaps them on free, so every forward pass faults its
    // activations in page by page again. On a 1500 x 1500 prediction with unet-small, batch 8:
    // 13.7 s wall and 2.0 million page faults with glibc's defaults, 9.9 s and 0.15 million with
    // buffers up to 256 MiB served from the heap and up to 512 MiB of free heap kept. Two arenas
    // keep the reader and writer threads from each growing a heap of their own (peak memory of
    // a 6000-pixel-wide prediction: 762 MiB, against 790 MiB with one arena per thread).
    // Does nothing where the C library is not glibc. Call once at start-up, before any thread.
    static void reuseFreedMemory();
    // Hands the free memory of every heap back to the system (glibc's malloc_trim): called between
    // the bands of a prediction, whose buffers the next band allocates again. Nothing elsewhere.
    static void releaseFreeMemory();
    // The mmap threshold applied, in bytes (0 where nothing was applied).
    static long largeBufferThreshold();
};

} // namespace deepterra
