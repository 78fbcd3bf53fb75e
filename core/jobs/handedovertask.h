#pragma once

#include <QRunnable>

#include <functional>

class QThreadPool;

namespace deepterra {

// A QThreadPool task whose start ThreadSanitizer sees. Debian's Qt is not built with TSan: a pool
// thread that ran an earlier task is woken for the next one inside libQt6Core, out of TSan's
// sight, so whatever the starting thread wrote for the task (its captures, the data they point to)
// would look raced. start() marks the hand-over after the task is built, and run() takes it before
// it reads anything of the task. (QRunnable::create and QtConcurrent::run build their task inside
// the call that starts it, too late for a mark.) Empty marks outside the tsan build.
class HandedOverTask : public QRunnable
{
public:
    // Starts `work` on `pool`; the pool deletes the task once it has run.
    static void start(QThreadPool &pool, std::function<void()> work);

    void run() override;

private:
    explicit HandedOverTask(std::function<void()> work);

    std::function<void()> m_work;
};

} // namespace deepterra
