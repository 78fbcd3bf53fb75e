#include "jobs/workerthreadpriority.h"

#ifdef __linux__
#include <cerrno>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace deepterra {

#ifdef __linux__
namespace {

// On Linux, PRIO_PROCESS with a thread id sets that one thread's nice value (a documented
// departure from POSIX, where nice is per process).
id_t currentThreadId()
{
    return id_t(syscall(SYS_gettid));
}

} // namespace
#endif

bool WorkerThreadPriority::lowerCurrentThread(int nice)
{
#ifdef __linux__
    if (currentNice() >= nice)
        return true;
    return setpriority(PRIO_PROCESS, currentThreadId(), nice) == 0;
#else
    (void)nice;
    return false;
#endif
}

int WorkerThreadPriority::currentNice()
{
#ifdef __linux__
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, currentThreadId());
    return errno == 0 ? nice : 0;
#else
    return 0;
#endif
}

} // namespace deepterra
