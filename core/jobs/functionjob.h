#pragma once

#include "jobs/job.h"

#include <functional>

namespace deepterra {

// A job made of a function, for short background work that needs no class of its own (a folder
// scan, a small read): it still runs under the JobRunner, with its feedback and error handling.
class FunctionJob : public Job
{
public:
    FunctionJob(QString name, std::function<void(Feedback &)> work)
        : m_name(std::move(name))
        , m_work(std::move(work))
    { }
    QString name() const override { return m_name; }
    void run(Feedback &feedback) override { m_work(feedback); }

private:
    QString m_name;
    std::function<void(Feedback &)> m_work;
};

} // namespace deepterra
