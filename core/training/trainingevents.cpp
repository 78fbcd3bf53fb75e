#include "training/trainingevents.h"

#include "jobs/ownerthreadcalls.h"

namespace deepterra {

TrainingEvents::TrainingEvents(QObject *parent)
    : QObject(parent)
    , m_ownerCalls(new OwnerThreadCalls(this))
{ }

void TrainingEvents::announceRunStarted(const RunStart &start)
{
    m_ownerCalls->run([this, start] { Q_EMIT runStarted(start); });
}

void TrainingEvents::announceBatch(const BatchProgress &progress)
{
    m_ownerCalls->run([this, progress] { Q_EMIT batchFinished(progress); });
}

void TrainingEvents::announceEpoch(const EpochRecord &record)
{
    m_ownerCalls->run([this, record] { Q_EMIT epochFinished(record); });
}

void TrainingEvents::announceSnapshot(const QString &checkpoint, int epoch, int batch)
{
    m_ownerCalls->run([this, checkpoint, epoch, batch] { Q_EMIT snapshotSaved(checkpoint, epoch, batch); });
}

} // namespace deepterra
