#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace deepterra {

// The NVIDIA GPUs the installed driver sees, read through the CUDA driver library (libcuda.so.1)
// loaded at run time. It is independent of LibTorch, so the app can name the GPUs a CPU-only
// LibTorch cannot use, and it needs no CUDA toolkit to build. Free of Qt so a bare GPU machine can
// run it in a standalone check.
class CudaDriverProbe
{
public:
    struct Device
    {
        int index = 0;
        std::string name;
        std::uint64_t totalMemoryBytes = 0;
        int computeMajor = 0;
        int computeMinor = 0;
    };

    struct Result
    {
        bool driverFound = false;
        int driverVersion = 0; // e.g. 12040 for CUDA 12.4
        std::vector<Device> devices;
        // Why no device is listed when the driver library exists (cuInit's error, ...).
        std::string problem;
    };

    static Result probe();
};

} // namespace deepterra
