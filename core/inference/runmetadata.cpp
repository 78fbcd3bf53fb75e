#include "inference/runmetadata.h"

#include "common/dataerror.h"
#include "models/modelspecjson.h"

#include <QJsonArray>

namespace deepterra {

namespace {

RasterGrid gridFromJson(const QJsonObject &json)
{
    RasterGrid grid;
    if (json.isEmpty())
        return grid;
    grid.width = json.value(QStringLiteral("width")).toInt();
    grid.height = json.value(QStringLiteral("height")).toInt();
    const QJsonArray gt = json.value(QStringLiteral("geoTransform")).toArray();
    if (gt.size() == 6)
        grid.geoTransform = GeoTransform({ gt[0].toDouble(), gt[1].toDouble(), gt[2].toDouble(),
                                           gt[3].toDouble(), gt[4].toDouble(), gt[5].toDouble() });
    grid.crs = CrsInfo::fromUserInput(json.value(QStringLiteral("crs")).toString());
    return grid;
}

QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &v : value.toArray())
        list << v.toString();
    return list;
}

} // namespace

RunMetadata RunMetadata::fromConfig(const QJsonObject &config, const QString &source)
{
    if (config.value(QStringLiteral("format")).toString() != QLatin1String("deepterra-run"))
        throw DataError(source, QStringLiteral("not a Deepterra run configuration"));
    RunMetadata m;
    m.m_config = config;
    m.m_setup = TrainingSetup::fromJson(config.value(QStringLiteral("setup")).toObject(), source);
    m.m_spec = ModelSpecJson::fromJson(config.value(QStringLiteral("trainedModel")).toObject(), source,
                                       QStringLiteral("trainedModel"));
    m.m_normalizer = Normalizer::fromJson(config.value(QStringLiteral("normalizer")).toObject(), source);
    m.m_inputChannels = stringList(config.value(QStringLiteral("inputChannels")));
    try {
        m.m_classes = ClassTable::fromJson(config.value(QStringLiteral("classes")).toArray());
    } catch (const DataError &e) {
        throw DataError(source, e.cause()); // ClassTable names no file
    }
    m.m_patchSize = config.value(QStringLiteral("patchSize")).toInt();
    m.m_grid = gridFromJson(config.value(QStringLiteral("grid")).toObject());
    m.m_targetColumns = stringList(config.value(QStringLiteral("targetColumns")));
    // Raster runs write an empty target normaliser.
    const QJsonObject targetNormalizer = config.value(QStringLiteral("targetNormalizer")).toObject();
    if (!targetNormalizer.value(QStringLiteral("offsets")).toArray().isEmpty())
        m.m_targetNormalizer = Normalizer::fromJson(targetNormalizer, source);
    m.checkConsistency(source);
    return m;
}

// A hand-edited or mixed-up configuration must not index past the normaliser or the network's
// output: predictors trust these counts.
void RunMetadata::checkConsistency(const QString &source) const
{
    if (m_normalizer.channelCount() != m_inputChannels.size())
        throw DataError(source,
                        QStringLiteral("the normaliser has %1 channels but the model takes %2 inputs")
                            .arg(m_normalizer.channelCount())
                            .arg(m_inputChannels.size()));
    if (task() == TaskKind::Forecasting && m_targetNormalizer.channelCount() != m_targetColumns.size())
        throw DataError(
            source,
            QStringLiteral("the target normaliser has %1 channels but the model forecasts %2 columns")
                .arg(m_targetNormalizer.channelCount())
                .arg(m_targetColumns.size()));
    if (task() == TaskKind::Forecasting && m_spec.kind() == ModelKind::Recurrent) {
        const RecurrentSpec &r = m_spec.as<RecurrentSpec>();
        const SeriesTaskConfig &series = m_setup.task.series;
        if (r.horizon != series.horizon || r.targets != m_targetColumns.size())
            throw DataError(source,
                            QStringLiteral("the model forecasts %1 steps of %2 columns but the task "
                                           "asks for %3 steps of %4")
                                .arg(r.horizon)
                                .arg(r.targets)
                                .arg(series.horizon)
                                .arg(m_targetColumns.size()));
    }
    if (task() == TaskKind::Segmentation || task() == TaskKind::PatchClassification) {
        int outputs = -1;
        if (m_spec.kind() == ModelKind::UNet)
            outputs = m_spec.as<UNetSpec>().classes;
        else if (m_spec.kind() == ModelKind::ResUNet)
            outputs = m_spec.as<ResUNetSpec>().classes;
        else if (m_spec.kind() == ModelKind::Cnn)
            outputs = m_spec.as<CnnSpec>().classes;
        if (outputs != m_classes.size())
            throw DataError(source,
                            QStringLiteral("the class table has %1 classes but the model outputs %2")
                                .arg(m_classes.size())
                                .arg(outputs));
    }
}

bool RunMetadata::relativeTargets() const
{
    return task() == TaskKind::Forecasting && m_setup.task.series.relative;
}

QString RunMetadata::projectPath() const
{
    return m_config.value(QStringLiteral("projectPath")).toString();
}

} // namespace deepterra
