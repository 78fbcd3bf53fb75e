#pragma once

#include "common/handoverqueue.h"

#include <QObject>

#include <functional>

namespace deepterra {

// Runs calls on the thread its owner lives in: at once when made there, otherwise from that
// thread's event loop, in the order they were made. Report objects (Feedback, TrainingEvents) use
// it to emit their signals on the listener's thread rather than queue them across threads: a
// queued signal copies its arguments inside the sending thread after anything the sender could
// mark, so ThreadSanitizer sees the listener read memory the worker wrote with no order between
// them. Here the call, with its copied arguments, crosses through a HandOverQueue's mutex. A child
// of its owner: it lives, moves and dies with it, and calls still queued die with it.
class OwnerThreadCalls : public QObject
{
    Q_OBJECT

public:
    explicit OwnerThreadCalls(QObject *owner);

    // A call made on the owner's thread runs at once, ahead of calls from workers still queued.
    void run(std::function<void()> call);

private Q_SLOTS:
    void runNext();

private:
    HandOverQueue<std::function<void()>> m_calls;
};

} // namespace deepterra
