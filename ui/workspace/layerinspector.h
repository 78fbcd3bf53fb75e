#pragma once

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>

namespace deepterra {

class JobPool;
class PropertiesView;

// Fills the properties panel with what `deepterra-cli info` says about the selected layer's file
// (FileInspector), read once per file on a worker thread; the panel says "Reading…" meanwhile,
// or shows the error that stopped the read. A layer shown again while its file is read (its data
// loaded and brought a note) gets the latest title and note when the read ends.
class LayerInspector : public QObject
{
    Q_OBJECT

public:
    explicit LayerInspector(PropertiesView *view, QObject *parent = nullptr);

    // Shows layer `id`'s facts under `title`, with `note` above them (empty: none).
    void show(const QString &id, const QString &title, const QString &path, const QString &note);
    // Forgets what was read: another project.
    void clear();
    // Forgets the facts read of one file, which changed or went away, so that it is read again
    // when shown; with `errorToo`, also why it could not be read (it came back).
    void forget(const QString &path, bool errorToo);

Q_SIGNALS:
    void inspected(const QString &id);

private:
    // What show() was last asked for: a read that finishes shows it, whatever was asked before.
    struct Shown
    {
        QString id;
        QString title;
        QString path;
        QString note;
    };
    void display();

    PropertiesView *m_view;
    JobPool *m_jobs;
    QHash<QString, QJsonObject> m_reports; // path -> report
    QHash<QString, QString> m_errors; // path -> message
    QSet<QString> m_reading; // paths being read
    Shown m_shown;
    quint64 m_epoch = 0;
};

} // namespace deepterra
