#include "training/setupsectionsreader.h"

#include "common/dataerror.h"
#include "models/modelpresets.h"
#include "training/trainingdefaults.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>

namespace deepterra {

namespace {

// Stands for a layer the user has not chosen yet, so that the rest of the set-up can be parsed and
// checked; it never reaches a problem message.
const char *const kUnchosenLayer = "\x01unchosen";

using Reader = SetupSectionsReader;

QString taskWords(TaskKind kind)
{
    return Reader::taskWords(kind);
}

QString capitalised(const QString &text)
{
    return Reader::capitalised(text);
}

QString chooseImage()
{
    return QStringLiteral("Choose the image layer: the raster whose bands the model learns from");
}

QString chooseLabels(TaskKind kind)
{
    return QStringLiteral("Choose the label layer: %1 learns from labelled polygons or a class raster")
        .arg(taskWords(kind));
}

QString chooseSeries(TaskKind kind)
{
    return QStringLiteral("Choose the series layer: the table of values the %1 learns from")
        .arg(kind == TaskKind::Forecasting ? QStringLiteral("forecaster") : QStringLiteral("autoencoder"));
}

QString shown(const QJsonValue &value)
{
    if (value.isString())
        return QStringLiteral("\"%1\"").arg(value.toString());
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 12);
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return value.isArray() ? QStringLiteral("a list") : QStringLiteral("nothing");
}

QStringList keyParts(const QString &keyPath)
{
    QStringList parts = keyPath.split(QLatin1Char('.'));
    // An array element stands for its array.
    for (int i = 0; i < parts.size(); ++i)
        if (parts[i].contains(QLatin1Char('['))) {
            parts[i] = parts[i].left(parts[i].indexOf(QLatin1Char('[')));
            return parts.mid(0, i + 1);
        }
    return parts;
}

QJsonValue valueAt(const QJsonObject &root, const QStringList &parts)
{
    QJsonValue value = root;
    for (const QString &part : parts)
        value = value.toObject().value(part);
    return value;
}

void removeAt(QJsonObject &object, const QStringList &parts)
{
    if (parts.isEmpty())
        return;
    if (parts.size() == 1) {
        object.remove(parts.front());
        return;
    }
    QJsonObject child = object.value(parts.front()).toObject();
    removeAt(child, parts.mid(1));
    object.insert(parts.front(), child);
}

// What a project-file reader's complaint about `key` means to the user of a form.
QString parseMessage(const QString &key, const QJsonValue &raw, TaskKind kind, const QString &cause)
{
    const QString got = QStringLiteral(" (got %1)").arg(shown(raw));
    if (key == QLatin1String("task.image"))
        return chooseImage();
    if (key == QLatin1String("task.labels"))
        return chooseLabels(kind);
    if (key == QLatin1String("task.series"))
        return chooseSeries(kind);
    if (key == QLatin1String("task.patchSize"))
        return QStringLiteral("The patch size must be a whole number of pixels from 4 to 4096") + got;
    if (key == QLatin1String("task.stride"))
        return QStringLiteral("The stride, the step between neighbouring patches, must be at least 1 pixel")
            + got;
    if (key == QLatin1String("task.maxNoDataFraction"))
        return QStringLiteral("The maximum NoData share must lie between 0 and 1 (0.1: at most a tenth of a "
                              "patch may be NoData)")
            + got;
    if (key == QLatin1String("task.memoryLimitMiB"))
        return QStringLiteral("The memory for training data must be a whole number of MiB from 64 to 1048576 "
                              "(1 TiB); larger training data is streamed from a temporary file")
            + got;
    if (key == QLatin1String("task.bands"))
        return QStringLiteral("Bands are numbered from 1") + got;
    if (key == QLatin1String("task.demChannels")) {
        if (cause.contains(QLatin1String("needs a \"dem\" layer")))
            return QStringLiteral("DEM channels need a DEM layer: choose the elevation model they are "
                                  "derived from");
        return QStringLiteral("Unknown DEM channel in %1: choose from elevation, slope, aspect, hillshade, "
                              "roughness, tri and tpi")
            .arg(raw.isArray() ? raw.toVariant().toStringList().join(QStringLiteral(", ")) : shown(raw));
    }
    if (key == QLatin1String("task.lookback"))
        return QStringLiteral("The lookback, the time steps the model sees, must be at least 1") + got;
    if (key == QLatin1String("task.horizon"))
        return QStringLiteral("The horizon, the time steps to forecast, must be at least 1") + got;
    if (key == QLatin1String("task.split.method"))
        return (kind == TaskKind::Forecasting || kind == TaskKind::SeriesAutoencoder)
            ? QStringLiteral("Series are split chronologically: the validation period comes strictly "
                             "after the training period")
            : QStringLiteral("Rasters are split in spatial blocks or at random; the chronological split "
                             "is for series");
    if (key == QLatin1String("task.split.validationFraction"))
        return QStringLiteral("The validation share must lie above 0 and at most 0.9 (0.2: a fifth of the "
                              "examples validate the model)")
            + got;
    if (key == QLatin1String("task.split.testFraction"))
        return QStringLiteral("The test share must lie between 0 (no test split) and 0.5, and leave at least "
                              "a tenth of the examples for training beside the validation share")
            + got;
    if (key == QLatin1String("task.split.blockSize"))
        return QStringLiteral("The block size cannot be negative (0: twice the patch size)") + got;
    if (key == QLatin1String("task.split.buffer"))
        return QStringLiteral("The buffer cannot be below -1 (-1: keep training patches off the validation "
                              "patches; N: keep N pixels between them)")
            + got;
    if (key == QLatin1String("training.epochs"))
        return QStringLiteral("Train for at least one epoch (one pass over all training examples)") + got;
    if (key == QLatin1String("training.batchSize"))
        return QStringLiteral("The batch size must be at least 1 example") + got;
    if (key == QLatin1String("training.processes"))
        return QStringLiteral("Train in 1 to 256 processes") + got;
    if (key == QLatin1String("training.learningRate"))
        return QStringLiteral("The learning rate must lie above 0 and at most 1 (0.001 suits Adam)") + got;
    if (key == QLatin1String("training.loss"))
        return QStringLiteral("Unknown loss %1: %2 learns with %3")
            .arg(shown(raw), taskWords(kind), TrainingDefaults::lossesFor(kind).join(QStringLiteral(", ")));
    if (key == QLatin1String("training.optimizer"))
        return QStringLiteral("Unknown optimizer %1: choose sgd, adam, adamw or rmsprop").arg(shown(raw));
    if (key == QLatin1String("training.schedule"))
        return QStringLiteral("Unknown learning-rate schedule %1: choose constant, step, cosine or one-cycle")
            .arg(shown(raw));
    if (key == QLatin1String("training.earlyStopping.patience"))
        return QStringLiteral("The patience, epochs without improvement before stopping, cannot be negative "
                              "(0: never stop early)")
            + got;
    if (key == QLatin1String("model.preset"))
        return QStringLiteral("Unknown model preset %1: choose one of %2")
            .arg(shown(raw), ModelPresets::names().join(QStringLiteral(", ")));
    return capitalised(cause);
}

// Makes the failing key readable again for the next parse: a layer not chosen gets a stand-in, a
// bad model gets the task's preset, any other bad value its default.
void repair(QJsonObject &json, const QString &key, TaskKind kind)
{
    if (key == QLatin1String("task.image") || key == QLatin1String("task.labels")
        || key == QLatin1String("task.series")) {
        QJsonObject task = json.value(QStringLiteral("task")).toObject();
        task.insert(key.mid(5), QLatin1String(kUnchosenLayer));
        json.insert(QStringLiteral("task"), task);
    } else if (key.startsWith(QLatin1String("model."))) {
        json.insert(QStringLiteral("model"),
                    QJsonObject { { QStringLiteral("preset"), TrainingDefaults::defaultPreset(kind) } });
    } else {
        removeAt(json, keyParts(key));
    }
}

QString keyOf(const QString &cause)
{
    const QString first = cause.section(QLatin1Char(' '), 0, 0);
    for (const char *section : { "task.", "model.", "training.", "outputs." })
        if (first.startsWith(QLatin1String(section)))
            return first;
    return {};
}

} // namespace

QString SetupSectionsReader::taskWords(TaskKind kind)
{
    return TaskConfig::kindName(kind).replace(QLatin1Char('-'), QLatin1Char(' '));
}

QString SetupSectionsReader::capitalised(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

QString SetupSectionsReader::layerChoice(const QString &field, TaskKind kind)
{
    if (field == QLatin1String("task.imageLayer"))
        return chooseImage();
    if (field == QLatin1String("task.labelLayer"))
        return chooseLabels(kind);
    return chooseSeries(kind);
}

std::optional<TrainingSetup> SetupSectionsReader::read(const QJsonObject &sections, const QString &filePath,
                                                       TaskKind kind, QVector<SetupProblem> &problems)
{
    const auto add = [&](const QString &field, const QString &message) {
        for (const SetupProblem &p : problems)
            if (p.field == field)
                return;
        problems.append(SetupProblem { field, message });
    };
    QJsonObject json = sections;
    if (!json.value(QStringLiteral("model")).isObject()) {
        add(QStringLiteral("model.preset"), QStringLiteral("Choose a model"));
        json.insert(QStringLiteral("model"),
                    QJsonObject { { QStringLiteral("preset"), TrainingDefaults::defaultPreset(kind) } });
    }
    TrainingSetup setup;
    QSet<QString> repaired;
    for (;;) {
        try {
            setup = TrainingSetup::fromJson(json, filePath);
            break;
        } catch (const DataError &e) {
            const QString key = keyOf(e.cause());
            if (key.isEmpty() || repaired.contains(key)) {
                add(key.isEmpty() ? QStringLiteral("task.type") : fieldForKey(key), capitalised(e.cause()));
                return std::nullopt;
            }
            repaired.insert(key);
            add(fieldForKey(key),
                parseMessage(keyParts(key).join(QLatin1Char('.')), valueAt(sections, keyParts(key)), kind,
                             e.cause()));
            repair(json, key, kind);
        }
    }
    for (QString *layer :
         { &setup.task.raster.imageLayer, &setup.task.raster.labelLayer, &setup.task.series.seriesLayer })
        if (*layer == QLatin1String(kUnchosenLayer))
            layer->clear();
    return setup;
}

QString SetupSectionsReader::fieldForKey(const QString &keyPath)
{
    static const QHash<QString, QString> renamed {
        { QStringLiteral("task.image"), QStringLiteral("task.imageLayer") },
        { QStringLiteral("task.labels"), QStringLiteral("task.labelLayer") },
        { QStringLiteral("task.dem"), QStringLiteral("task.demLayer") },
        { QStringLiteral("task.series"), QStringLiteral("task.seriesLayer") },
        { QStringLiteral("training.earlyStopping.metric"), QStringLiteral("training.earlyStoppingMetric") },
        { QStringLiteral("training.earlyStopping.patience"),
          QStringLiteral("training.earlyStoppingPatience") },
    };
    const QString key = keyParts(keyPath).join(QLatin1Char('.'));
    if (key.startsWith(QLatin1String("model.")) && key.count(QLatin1Char('.')) > 1)
        return key.section(QLatin1Char('.'), 0, 1);
    return renamed.value(key, key);
}

} // namespace deepterra
