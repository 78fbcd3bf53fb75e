#pragma once

// ThreadSanitizer builds (the tsan preset) define __SANITIZE_THREAD__ (GCC) or the thread_sanitizer
// feature (clang).
#if defined(__SANITIZE_THREAD__)
#define DEEPTERRA_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define DEEPTERRA_THREAD_SANITIZER 1
#endif
#endif

#ifdef DEEPTERRA_THREAD_SANITIZER
#include <sanitizer/tsan_interface.h>
#endif

namespace deepterra {

// Tells ThreadSanitizer about a hand-over between threads that goes through Qt: the start of a
// QThreadPool task (HandedOverTask). Hand-overs back to the owner's thread go through
// HandOverQueue's mutex instead, which TSan sees. Debian's Qt is not built with
// TSan, and the futex-based locks inside libQt6Core that order such a hand-over are invisible to
// it, so whatever is handed over would look raced. release() in the handing thread before the
// hand-over, acquire() in the receiving thread after it, with the same token (an address both sides
// know). The calls are empty in other builds.
class HappensBefore
{
public:
    static void release(const void *token)
    {
#ifdef DEEPTERRA_THREAD_SANITIZER
        __tsan_release(const_cast<void *>(token));
#else
        (void)token;
#endif
    }

    static void acquire(const void *token)
    {
#ifdef DEEPTERRA_THREAD_SANITIZER
        __tsan_acquire(const_cast<void *>(token));
#else
        (void)token;
#endif
    }
};

} // namespace deepterra
