#include "runtime/private/cudadriverprobe.h"

#include <dlfcn.h>

namespace deepterra {

namespace {

// The few driver API entry points used, declared here so no CUDA header is needed. Their ABI has
// been stable since CUDA 3.2 (the _v2 memory query) and is what every CUDA runtime calls.
using CuResult = int;
using CuDevice = int;
constexpr CuResult kCudaSuccess = 0;
constexpr int kComputeCapabilityMajor = 75;
constexpr int kComputeCapabilityMinor = 76;

template<typename Function> Function symbol(void *handle, const char *name)
{
    return reinterpret_cast<Function>(dlsym(handle, name));
}

std::string errorText(void *handle, CuResult code)
{
    using GetErrorString = CuResult (*)(CuResult, const char **);
    const auto describe = symbol<GetErrorString>(handle, "cuGetErrorString");
    const char *text = nullptr;
    if (describe && describe(code, &text) == kCudaSuccess && text)
        return text;
    return "CUDA driver error " + std::to_string(code);
}

} // namespace

CudaDriverProbe::Result CudaDriverProbe::probe()
{
    Result result;
    // Never closed: after cuInit the driver keeps state (and LibTorch may share the library), and
    // unloading it under that state can crash at exit.
    void *const handle = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!handle)
        return result;
    result.driverFound = true;

    using Init = CuResult (*)(unsigned int);
    using DriverGetVersion = CuResult (*)(int *);
    using DeviceGetCount = CuResult (*)(int *);
    using DeviceGet = CuResult (*)(CuDevice *, int);
    using DeviceGetName = CuResult (*)(char *, int, CuDevice);
    using DeviceTotalMem = CuResult (*)(std::size_t *, CuDevice);
    using DeviceGetAttribute = CuResult (*)(int *, int, CuDevice);
    const auto init = symbol<Init>(handle, "cuInit");
    const auto driverGetVersion = symbol<DriverGetVersion>(handle, "cuDriverGetVersion");
    const auto deviceGetCount = symbol<DeviceGetCount>(handle, "cuDeviceGetCount");
    const auto deviceGet = symbol<DeviceGet>(handle, "cuDeviceGet");
    const auto deviceGetName = symbol<DeviceGetName>(handle, "cuDeviceGetName");
    const auto deviceTotalMem = symbol<DeviceTotalMem>(handle, "cuDeviceTotalMem_v2");
    const auto deviceGetAttribute = symbol<DeviceGetAttribute>(handle, "cuDeviceGetAttribute");
    if (!init || !deviceGetCount || !deviceGet || !deviceGetName || !deviceTotalMem) {
        result.problem = "the CUDA driver library lacks the device queries (too old a driver)";
        return result;
    }
    if (driverGetVersion)
        driverGetVersion(&result.driverVersion);
    if (const CuResult status = init(0); status != kCudaSuccess) {
        result.problem = errorText(handle, status);
        return result;
    }
    int count = 0;
    if (const CuResult status = deviceGetCount(&count); status != kCudaSuccess) {
        result.problem = errorText(handle, status);
        return result;
    }
    for (int ordinal = 0; ordinal < count; ++ordinal) {
        CuDevice device = 0;
        if (deviceGet(&device, ordinal) != kCudaSuccess)
            continue;
        Device entry;
        entry.index = ordinal;
        char name[256] = {};
        if (deviceGetName(name, int(sizeof name) - 1, device) == kCudaSuccess)
            entry.name = name;
        std::size_t bytes = 0;
        if (deviceTotalMem(&bytes, device) == kCudaSuccess)
            entry.totalMemoryBytes = bytes;
        if (deviceGetAttribute) {
            deviceGetAttribute(&entry.computeMajor, kComputeCapabilityMajor, device);
            deviceGetAttribute(&entry.computeMinor, kComputeCapabilityMinor, device);
        }
        result.devices.push_back(entry);
    }
    return result;
}

} // namespace deepterra
