#pragma once

namespace deepterra {
class Feedback;
}

namespace deepterra::cli {

// While it lives, Ctrl+C (SIGINT) and a batch system's SIGTERM cancel `feedback` instead of killing
// the process, so that the job stops at its next checkpoint and keeps or cleans up its files; the
// default handlers come back when it ends. One at a time per process.
class InterruptCancels
{
public:
    explicit InterruptCancels(Feedback &feedback);
    ~InterruptCancels();
    InterruptCancels(const InterruptCancels &) = delete;
    InterruptCancels &operator=(const InterruptCancels &) = delete;
};

} // namespace deepterra::cli
