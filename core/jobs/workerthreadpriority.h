#pragma once

namespace deepterra {

// Keeps the GUI ahead of background work. The app's jobs use every core (LibTorch's intra-op
// threads); at equal priority the GUI thread gets only its share of the CPU, so a 15 ms repaint
// takes 50 ms on two cores while a model trains. A worker thread lowered here, and the OpenMP
// threads it starts (Linux threads inherit the nice value), yield to the GUI when it has work
// and still use the whole machine when it is idle.
class WorkerThreadPriority
{
public:
    static constexpr int kBackgroundNice = 10;
    // Reads the user waits for (a layer loading, a file inspected): ahead of training, behind the GUI.
    static constexpr int kInteractiveNice = 5;

    // Lowers the calling thread's priority to `nice` (where it is higher). Linux only; elsewhere,
    // and when the system refuses, nothing changes. True when the thread now runs at `nice` or
    // lower.
    static bool lowerCurrentThread(int nice = kBackgroundNice);
    // The calling thread's nice value (0 where unknown).
    static int currentNice();
};

} // namespace deepterra
