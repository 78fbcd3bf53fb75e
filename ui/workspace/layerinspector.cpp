#include "workspace/layerinspector.h"

#include "common/dataerror.h"
#include "inspect/fileinspector.h"
#include "workspace/propertiesview.h"

#include <QFutureWatcher>
#include <QtConcurrent>

namespace deepterra {

namespace {
struct Inspection
{
    QJsonObject report;
    QString error;
};
} // namespace

LayerInspector::LayerInspector(PropertiesView *view, QObject *parent)
    : QObject(parent)
    , m_view(view)
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

void LayerInspector::show(const QString &id, const QString &title, const QString &path, const QString &note)
{
    m_shown = Shown { id, title, path, note };
    if (m_reports.contains(path) || m_errors.contains(path) || m_reading.contains(path)) {
        display();
        return;
    }
    m_view->showLoading(title);
    m_reading.insert(path);
    auto *watcher = new QFutureWatcher<Inspection>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id, path, epoch = m_epoch] {
        const Inspection result = watcher->result();
        watcher->deleteLater();
        if (epoch != m_epoch)
            return;
        m_reading.remove(path);
        if (result.error.isEmpty())
            m_reports.insert(path, result.report);
        else
            m_errors.insert(path, result.error);
        if (m_shown.path == path)
            display();
        Q_EMIT inspected(id);
    });
    watcher->setFuture(QtConcurrent::run([path] {
        Inspection result;
        try {
            result.report = FileInspector::inspect(path);
        } catch (const DataError &e) {
            result.error = e.message();
        } catch (const std::exception &e) {
            result.error = QStringLiteral("%1: %2").arg(path, QString::fromUtf8(e.what()));
        }
        return result;
    }));
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
