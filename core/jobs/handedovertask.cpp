#include "jobs/handedovertask.h"

#include "common/happensbefore.h"

#include <QThreadPool>

namespace deepterra {

HandedOverTask::HandedOverTask(std::function<void()> work)
    : m_work(std::move(work))
{ }

void HandedOverTask::start(QThreadPool &pool, std::function<void()> work)
{
    auto *task = new HandedOverTask(std::move(work));
    HappensBefore::release(task);
    pool.start(task);
}

void HandedOverTask::run()
{
    HappensBefore::acquire(this);
    m_work();
}

} // namespace deepterra
