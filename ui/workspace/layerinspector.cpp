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
    m_shownId.clear();
    m_view->showLoading(QString());
}

void LayerInspector::show(const QString &id, const QString &title, const QString &path, const QString &note)
{
    m_shownId = id;
    if (m_reports.contains(path)) {
        m_view->showReport(title, m_reports.value(path));
        m_view->setNote(note);
        return;
    }
    if (m_errors.contains(path)) {
        m_view->showError(title, m_errors.value(path));
        return;
    }
    m_view->showLoading(title);
    auto *watcher = new QFutureWatcher<Inspection>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, id, title, path, note, epoch = m_epoch] {
                const Inspection result = watcher->result();
                watcher->deleteLater();
                if (epoch != m_epoch)
                    return;
                if (result.error.isEmpty())
                    m_reports.insert(path, result.report);
                else
                    m_errors.insert(path, result.error);
                if (m_shownId == id)
                    show(id, title, path, note);
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

} // namespace deepterra
