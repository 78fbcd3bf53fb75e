#pragma once

#include <stdexcept>

namespace deepterra {

// Thrown by Feedback::checkpoint() to unwind a job that the user cancelled. Runners report it as
// a cancellation, not as a failure.
class JobCanceled : public std::runtime_error
{
public:
    JobCanceled()
        : std::runtime_error("canceled by the user")
    { }
};

} // namespace deepterra
