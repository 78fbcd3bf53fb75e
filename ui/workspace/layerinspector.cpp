#include "workspace/layerinspector.h"

#include "inspect/fileinspector.h"
#include "jobs/jobpool.h"
#include "workspace/propertiesview.h"

namespace deepterra {

LayerInspector::LayerInspector(PropertiesView *view, QObject *parent)
    : QObject(parent)
    , m_view(view)
    , m_jobs(new JobPool(WorkerThreadPriority::kInteractiveNice, this))
{ }

void LayerInspector::clear()
{
    ++m_epoch;
    m_reports.clear();
    m_errors.clear();
    m_reading.clear();
    m_shown = Shown();
    m_view->showLoading(QString());
}

void LayerInspector::forget(const QString &path, bool errorToo)
{
    m_reports.remove(path);
    if (errorToo)
        m_errors.remove(path);
}

void LayerInspector::show(const QString &id, const QString &title, const QString &path, const QString &note)
{
    m_shown = Shown { id, title, path, note };
    if (m_reports.contains(path) || m_errors.contains(path) || m_reading.contains(path)) {
        display();
        return;
    }
    m_view->showLoading(title);
    m_reading.insert(path);
    m_jobs->call<QJsonObject>(
        tr("Inspecting %1").arg(path), [path](Feedback &) { return FileInspector::inspect(path); },
        [this, id, path, epoch = m_epoch](std::optional<QJsonObject> report, const JobResult &result) {
            if (epoch != m_epoch)
                return;
            m_reading.remove(path);
            if (report)
                m_reports.insert(path, *report);
            else
                m_errors.insert(path, result.error);
            if (m_shown.path == path)
                display();
            Q_EMIT inspected(id);
        });
}

void LayerInspector::display()
{
    if (m_reports.contains(m_shown.path)) {
        m_view->showReport(m_shown.title, m_reports.value(m_shown.path));
        m_view->setNote(m_shown.note);
    } else if (m_errors.contains(m_shown.path)) {
        m_view->showError(m_shown.title, m_errors.value(m_shown.path));
    } else {
        m_view->showLoading(m_shown.title);
    }
}

} // namespace deepterra
