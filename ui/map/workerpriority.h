#pragma once

namespace deepterra {

// Background work yields to the GUI thread: on a busy machine with few cores, a render or load
// worker at normal priority takes the GUI thread's turn and the window stutters. Lowers the
// calling thread's scheduling priority once (a nice value of 5 on Linux; no-op elsewhere).
class WorkerPriority
{
public:
    static void lowerCurrentThread();
};

} // namespace deepterra
