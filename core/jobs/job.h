#pragma once

#include <QString>

namespace deepterra {

class Feedback;

// A unit of long work (I/O, training, inference, export): parameters are given to the
// constructor, run() does the work on whatever thread calls it and reports through the feedback.
// run() throws DataError for bad input, JobCanceled when cancelled, anything else for bugs.
class Job
{
public:
    virtual ~Job() = default;
    virtual QString name() const = 0;
    virtual void run(Feedback &feedback) = 0;
};

} // namespace deepterra
