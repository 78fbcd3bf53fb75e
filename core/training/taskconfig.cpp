#include "training/taskconfig.h"

namespace deepterra {

namespace {
const char *const kTaskNames[]
    = { "segmentation", "patch-classification", "forecasting", "raster-autoencoder", "series-autoencoder" };
} // namespace

QString TaskConfig::kindName(TaskKind kind)
{
    return QString::fromLatin1(kTaskNames[int(kind)]);
}

QStringList TaskConfig::kindNames()
{
    QStringList names;
    for (const char *name : kTaskNames)
        names << QString::fromLatin1(name);
    return names;
}

} // namespace deepterra
