#pragma once

#include <QObject>
#include <QString>

#include <atomic>

namespace deepterra {

// What a running job tells its listener and what the listener asks of the job. A job calls the
// report functions from its worker thread; the GUI's feedback emits them on the GUI thread
// (deliverOnOwnerThread), the CLI's prints them at once. Cancel and pause are cooperative: long loops call
// checkpoint() at least once per batch, block or tile, so that either takes effect within one unit of work.
class OwnerThreadCalls;

class Feedback : public QObject
{
    Q_OBJECT

public:
    enum class Level { Info, Warning, Error };
    Q_ENUM(Level)

    explicit Feedback(QObject *parent = nullptr);

    // From now on, reports made on another thread are emitted on this object's thread, in order,
    // from its event loop (OwnerThreadCalls), instead of being emitted on the worker and queued by
    // Qt. For listeners on a thread with an event loop (the GUI); the CLI, whose thread waits for
    // its job, keeps the default and prints at once.
    void deliverOnOwnerThread();

    void setProgress(double percent);
    double progress() const { return m_progress.load(); }
    void info(const QString &text);
    void warning(const QString &text);
    void error(const QString &text);

    void cancel();
    bool isCanceled() const { return m_canceled.load(); }
    void setPaused(bool paused);
    bool isPaused() const { return m_paused.load(); }

    // Clears cancel, pause and progress before the feedback serves another job.
    void reset();

    // Blocks while paused; throws JobCanceled once cancel() was asked for.
    void checkpoint();

Q_SIGNALS:
    void progressChanged(double percent);
    void messageLogged(deepterra::Feedback::Level level, const QString &text);
    // The same message, always emitted at once on the reporting thread, before it is handed over:
    // for a direct listener on the job's side that must see every line before the job ends (a
    // run's log file).
    void messageReported(deepterra::Feedback::Level level, const QString &text);
    void pausedChanged(bool paused);

private:
    void report(Level level, const QString &text);

    OwnerThreadCalls *m_ownerCalls = nullptr;
    std::atomic<double> m_progress { 0.0 };
    std::atomic<bool> m_canceled { false };
    std::atomic<bool> m_paused { false };
};

} // namespace deepterra
