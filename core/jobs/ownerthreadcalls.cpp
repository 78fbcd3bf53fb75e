#include "jobs/ownerthreadcalls.h"

#include <QMetaObject>
#include <QThread>

#include <optional>

namespace deepterra {

OwnerThreadCalls::OwnerThreadCalls(QObject *owner)
    : QObject(owner)
{ }

void OwnerThreadCalls::run(std::function<void()> call)
{
    if (QThread::currentThread() == thread()) {
        call();
        return;
    }
    m_calls.put(std::move(call));
    // No arguments: the call itself went through the queue above.
    const bool queued = QMetaObject::invokeMethod(this, "runNext", Qt::QueuedConnection);
    Q_ASSERT(queued);
    Q_UNUSED(queued);
}

void OwnerThreadCalls::runNext()
{
    std::optional<std::function<void()>> call = m_calls.take();
    if (call && *call)
        (*call)();
}

} // namespace deepterra
