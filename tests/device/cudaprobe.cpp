// A standalone check of CudaDriverProbe for a bare GPU machine that has no Qt or LibTorch:
//   g++ -std=c++17 -I core tests/device/cudaprobe.cpp core/runtime/private/cudadriverprobe.cpp \
//       -static-libstdc++ -static-libgcc -ldl -o cudaprobe && ./cudaprobe
// Prints what the app's device page is built from and exits 1 when the driver lists no GPU.
#include "runtime/private/cudadriverprobe.h"

#include <cstdio>

int main()
{
    const deepterra::CudaDriverProbe::Result result = deepterra::CudaDriverProbe::probe();
    std::printf("driver found: %s, version %d, problem: \"%s\"\n", result.driverFound ? "yes" : "no",
                result.driverVersion, result.problem.c_str());
    for (const auto &device : result.devices)
        std::printf("cuda:%d  %s  %.1f GiB  compute %d.%d\n", device.index, device.name.c_str(),
                    double(device.totalMemoryBytes) / (1024.0 * 1024 * 1024), device.computeMajor,
                    device.computeMinor);
    return result.devices.empty() ? 1 : 0;
}
