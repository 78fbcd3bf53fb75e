#pragma once

// Core-private: only core .cpp files include this.

#include <torch/types.h>

#include <mutex>

namespace deepterra {

// LibTorch draws initial weights and dropout masks from one process-wide generator. A training
// run's dropout must not see another thread's draws (a preview or layer table building a model
// mid-run would change the run's weights), so every use of that generator holds this guard: the
// trainer's training-mode passes keep what they draw, and a model built only to receive saved
// weights puts the generator back as it found it.
class TorchRandomGuard
{
public:
    enum class Draws {
        Keep, // the trainer's: seeding, initial weights and dropout continue its stream
        Undo, // anyone else's: the generator's state is restored when the guard ends
    };

    explicit TorchRandomGuard(Draws draws);
    ~TorchRandomGuard();
    TorchRandomGuard(const TorchRandomGuard &) = delete;
    TorchRandomGuard &operator=(const TorchRandomGuard &) = delete;

private:
    std::unique_lock<std::mutex> m_lock;
    torch::Tensor m_saved; // defined for Draws::Undo
};

} // namespace deepterra
