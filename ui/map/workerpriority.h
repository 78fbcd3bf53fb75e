#pragma once

namespace deepterra {

// Background work yields to the GUI thread: on a busy machine with few cores, a render or load
// worker at normal priority takes the GUI thread's turn and the window stutters. Lowers the
// calling thread's scheduling priority once (a nice value on Linux; no-op elsewhere).
class WorkerPriority
{
public:
    // Loading and drawing: what the user waits for.
    static constexpr int kWorker = 5;
    // Work nobody waits for (overviews built for later): it yields to the workers too.
    static constexpr int kIdle = 10;

    static void lowerCurrentThread(int niceness = kWorker);
};

} // namespace deepterra
