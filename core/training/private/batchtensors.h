#pragma once

// Core-private: only core .cpp files include this.

#include "training/samplebatch.h"

#include <torch/torch.h>

namespace deepterra {

// A batch's buffers as tensors on the training device.
struct BatchTensors
{
    torch::Tensor inputs;
    torch::Tensor classes; // undefined for regression tasks
    torch::Tensor targets; // undefined for classification tasks

    static BatchTensors from(SampleBatch &batch, const torch::Device &device)
    {
        BatchTensors t;
        // from_blob borrows the batch's buffers; .to() copies them (or clone() on the CPU) before the
        // batch goes out of scope.
        t.inputs = torch::from_blob(batch.inputs.data(), batch.inputShape, torch::kFloat32)
                       .to(device, false, true);
        if (!batch.classes.empty())
            t.classes = torch::from_blob(batch.classes.data(), batch.classShape, torch::kInt64)
                            .to(device, false, true);
        if (!batch.targets.empty())
            t.targets = torch::from_blob(batch.targets.data(), batch.targetShape, torch::kFloat32)
                            .to(device, false, true);
        return t;
    }
};

} // namespace deepterra
