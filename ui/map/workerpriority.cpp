#include "map/workerpriority.h"

#include <QtGlobal>

#include <algorithm>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace deepterra {

void WorkerPriority::lowerCurrentThread(int niceness)
{
#ifdef Q_OS_LINUX
    // Linux gives each thread its own nice value: this touches the worker only, never the GUI.
    thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
    const auto thread = static_cast<id_t>(syscall(SYS_gettid));
    setpriority(PRIO_PROCESS, thread, std::max(getpriority(PRIO_PROCESS, thread), niceness));
#else
    Q_UNUSED(niceness);
#endif
}

} // namespace deepterra
