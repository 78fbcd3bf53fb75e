#include "workspace/datafileimporter.h"

#include "common/dataerror.h"
#include "render/layerdetector.h"

#include <QFutureWatcher>
#include <QtConcurrent>

namespace deepterra {

namespace {
struct Detection
{
    ProjectLayer layer;
    QString error;
};
} // namespace

DataFileImporter::DataFileImporter(QObject *parent)
    : QObject(parent)
{ }

void DataFileImporter::import(const QStringList &paths)
{
    for (const QString &path : paths) {
        auto *watcher = new QFutureWatcher<Detection>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path] {
            const Detection result = watcher->result();
            watcher->deleteLater();
            if (result.error.isEmpty())
                Q_EMIT detected(path, result.layer);
            else
                Q_EMIT failed(result.error);
        });
        watcher->setFuture(QtConcurrent::run([path] {
            Detection result;
            try {
                result.layer = LayerDetector::detect(path);
            } catch (const DataError &e) {
                result.error = e.message();
            } catch (const std::exception &e) {
                result.error = QStringLiteral("%1: %2").arg(path, QString::fromUtf8(e.what()));
            }
            return result;
        }));
    }
}

} // namespace deepterra
