#include "cli/interruptcancels.h"

#include "jobs/feedback.h"

#include <atomic>
#include <csignal>

namespace deepterra::cli {

namespace {

std::atomic<Feedback *> g_interruptible { nullptr };

void onInterrupt(int)
{
    // Feedback::cancel() only stores an atomic flag: safe in a signal handler.
    if (Feedback *feedback = g_interruptible.load())
        feedback->cancel();
}

} // namespace

InterruptCancels::InterruptCancels(Feedback &feedback)
{
    g_interruptible = &feedback;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

InterruptCancels::~InterruptCancels()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    g_interruptible = nullptr;
}

} // namespace deepterra::cli
