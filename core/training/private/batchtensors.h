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

    // Copies of the batch's buffers in page-locked memory, made on the BatchLoader's thread
    // (BatchLoaderOptions::prepare) when training on a GPU: from() then copies them to the device
    // asynchronously. The CUDA host allocator keeps such memory until the copies are done.
    static void stageInPinnedMemory(SampleBatch &batch)
    {
        auto pinned = std::make_shared<BatchTensors>();
        const auto pin = [](void *data, const std::vector<std::int64_t> &shape, torch::Dtype type) {
            return torch::from_blob(data, shape, type).pin_memory();
        };
        pinned->inputs = pin(batch.inputs.data(), batch.inputShape, torch::kFloat32);
        if (!batch.classes.empty())
            pinned->classes = pin(batch.classes.data(), batch.classShape, torch::kInt64);
        if (!batch.targets.empty())
            pinned->targets = pin(batch.targets.data(), batch.targetShape, torch::kFloat32);
        batch.staged = std::move(pinned);
    }

    static BatchTensors from(SampleBatch &batch, const torch::Device &device)
    {
        if (batch.staged && device.is_cuda()) {
            const auto &pinned = *std::static_pointer_cast<const BatchTensors>(batch.staged);
            const auto move = [&](const torch::Tensor &host) {
                return host.defined() ? host.to(device, /*non_blocking=*/true) : torch::Tensor();
            };
            return { move(pinned.inputs), move(pinned.classes), move(pinned.targets) };
        }
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
