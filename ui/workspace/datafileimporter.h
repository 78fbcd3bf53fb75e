#pragma once

#include "project/projectlayer.h"

#include <QObject>
#include <QStringList>

namespace deepterra {

class JobPool;

// Turns data files the user opened or dropped into project layers: each file's kind is found on
// a worker thread (LayerDetector), so that a slow or broken file never blocks the window.
class DataFileImporter : public QObject
{
    Q_OBJECT

public:
    explicit DataFileImporter(QObject *parent = nullptr);

    // One detected() or failed() per file, in the order the reads finish.
    void import(const QStringList &paths);

Q_SIGNALS:
    void detected(const QString &path, const deepterra::ProjectLayer &layer);
    // The message names the file and the problem: unsupported format, corrupt file...
    void failed(const QString &message);

private:
    JobPool *m_jobs;
};

} // namespace deepterra
