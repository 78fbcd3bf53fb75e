#include "training/private/autocastscope.h"

#include "runtime/onednncheck.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

namespace deepterra {

namespace {

// LibTorch 2.4 replaced the per-device functions (set_cpu_enabled...) with ones that take the
// device type; the old ones are deprecated there.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
bool isEnabled(c10::DeviceType type)
{
    return at::autocast::is_autocast_enabled(type);
}
at::ScalarType typeOf(c10::DeviceType type)
{
    return at::autocast::get_autocast_dtype(type);
}
void set(c10::DeviceType type, bool enabled, at::ScalarType scalarType)
{
    at::autocast::set_autocast_dtype(type, scalarType);
    at::autocast::set_autocast_enabled(type, enabled);
}
#else
bool isEnabled(c10::DeviceType type)
{
    return type == c10::DeviceType::CUDA ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
}
at::ScalarType typeOf(c10::DeviceType type)
{
    return type == c10::DeviceType::CUDA ? at::autocast::get_autocast_gpu_dtype()
                                         : at::autocast::get_autocast_cpu_dtype();
}
void set(c10::DeviceType type, bool enabled, at::ScalarType scalarType)
{
    if (type == c10::DeviceType::CUDA) {
        at::autocast::set_autocast_gpu_dtype(scalarType);
        at::autocast::set_enabled(enabled);
    } else {
        at::autocast::set_autocast_cpu_dtype(scalarType);
        at::autocast::set_cpu_enabled(enabled);
    }
}
#endif

} // namespace

at::ScalarType AutocastScope::lowerPrecisionType(PrecisionKind precision)
{
    switch (precision) {
    case PrecisionKind::BFloat16:
        return at::kBFloat16;
    case PrecisionKind::Float16:
        return at::kHalf;
    case PrecisionKind::Float32:
        break;
    }
    return at::kFloat;
}

AutocastScope::AutocastScope(PrecisionKind precision, const torch::Device &device)
    : m_deviceType(device.type())
{
    if (precision == PrecisionKind::Float32
        || (m_deviceType != c10::DeviceType::CPU && m_deviceType != c10::DeviceType::CUDA))
        return;
    // bfloat16 convolutions are among those some oneDNN builds get wrong.
    if (m_deviceType == c10::DeviceType::CPU)
        OneDnnCheck::ensure();
    m_active = true;
    m_wasEnabled = isEnabled(m_deviceType);
    m_previousType = typeOf(m_deviceType);
    set(m_deviceType, true, lowerPrecisionType(precision));
    at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope()
{
    if (!m_active)
        return;
    // As torch.autocast's exit: the weights cast for this pass are dropped with the outermost scope.
    if (at::autocast::decrement_nesting() == 0)
        at::autocast::clear_cache();
    set(m_deviceType, m_wasEnabled, m_previousType);
}

} // namespace deepterra
