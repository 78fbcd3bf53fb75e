#pragma once

// Core-private: only core .cpp files include this.

#include "training/trainingconfig.h"

#include <torch/torch.h>

namespace deepterra {

// PyTorch's autocast (torch.autocast) for the calling thread while it lives: matrix products and
// convolutions on `device` run in bfloat16 or float16, losses and reductions in float32. Nothing
// with PrecisionKind::Float32 or on a device autocast does not know. Backward runs outside it.
class AutocastScope
{
public:
    AutocastScope(PrecisionKind precision, const torch::Device &device);
    ~AutocastScope();
    AutocastScope(const AutocastScope &) = delete;
    AutocastScope &operator=(const AutocastScope &) = delete;

    // The type autocast computes in for `precision`: float32 for PrecisionKind::Float32.
    static at::ScalarType lowerPrecisionType(PrecisionKind precision);

private:
    bool m_active = false;
    c10::DeviceType m_deviceType = c10::DeviceType::CPU;
    bool m_wasEnabled = false;
    at::ScalarType m_previousType = at::kFloat;
};

} // namespace deepterra
