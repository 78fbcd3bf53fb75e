#include "inference/predictionresumestate.h"

#include "common/atomicfile.h"
#include "inference/predictionrequest.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace deepterra {

namespace {

constexpr int kFormat = 1;

QJsonObject fileIdentity(const QString &path)
{
    const QFileInfo info(path);
    return QJsonObject { { QStringLiteral("path"), info.absoluteFilePath() },
                         { QStringLiteral("size"), double(info.size()) },
                         { QStringLiteral("modified"),
                           info.lastModified().toUTC().toString(Qt::ISODateWithMs) } };
}

} // namespace

QString PredictionResumeState::pathFor(const QString &classMapOutput)
{
    return classMapOutput + QStringLiteral(".partial.resume");
}

QJsonObject PredictionResumeState::makeFingerprint(const PredictionRequest &request,
                                                   const QStringList &modelFiles, int bandWidth)
{
    QJsonArray model;
    for (const QString &file : modelFiles)
        model.append(fileIdentity(file));
    QJsonArray outputs;
    for (const QString &output : request.outputs())
        outputs.append(output.isEmpty() ? QString() : QFileInfo(output).absoluteFilePath());
    // Threads and streams are left out: the maps do not depend on them (TestRasterPredictor).
    QJsonObject fingerprint {
        { QStringLiteral("format"), kFormat },
        { QStringLiteral("input"), fileIdentity(request.input) },
        { QStringLiteral("model"), model },
        { QStringLiteral("outputs"), outputs },
        { QStringLiteral("confidence_kind"),
          request.confidenceKind == ConfidenceKind::Entropy ? QStringLiteral("entropy")
                                                            : QStringLiteral("max probability") },
        { QStringLiteral("uncertainty"), request.uncertainty.name() },
        { QStringLiteral("uncertainty_seed"), QString::number(request.uncertainty.seed) },
        { QStringLiteral("tile"), request.tile },
        { QStringLiteral("overlap"), request.overlap },
        { QStringLiteral("batch"), request.batch },
        { QStringLiteral("band_width"), bandWidth },
    };
    // Only for a part: the state of a whole prediction interrupted by an older version still matches.
    if (!request.part.isWhole())
        fingerprint.insert(QStringLiteral("part"), request.part.name());
    return fingerprint;
}

bool PredictionResumeState::load(const QString &path, PredictionResumeState *state, QString *problem)
{
    QFile file(path);
    if (!file.exists()) {
        *problem = QStringLiteral("no interrupted prediction was found (%1 does not exist)").arg(path);
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *problem = QStringLiteral("%1 cannot be read: %2").arg(path, file.errorString());
        return false;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    const QJsonObject root = document.object();
    if (error.error != QJsonParseError::NoError || !root.value(QStringLiteral("fingerprint")).isObject()
        || !root.value(QStringLiteral("band_first_column")).isDouble()
        || !root.value(QStringLiteral("rows_done")).isDouble()) {
        *problem = QStringLiteral("%1 is damaged").arg(path);
        return false;
    }
    state->fingerprint = root.value(QStringLiteral("fingerprint")).toObject();
    state->bandFirstColumn = root.value(QStringLiteral("band_first_column")).toInt();
    state->rowsDone = root.value(QStringLiteral("rows_done")).toInt();
    state->shareDone = root.value(QStringLiteral("share_done")).toDouble();
    if (state->bandFirstColumn < 0 || state->rowsDone < 0) {
        *problem = QStringLiteral("%1 is damaged").arg(path);
        return false;
    }
    return true;
}

void PredictionResumeState::save(const QString &path) const
{
    const QJsonObject root { { QStringLiteral("fingerprint"), fingerprint },
                             { QStringLiteral("band_first_column"), bandFirstColumn },
                             { QStringLiteral("rows_done"), rowsDone },
                             { QStringLiteral("share_done"), shareDone } };
    AtomicFile::write(path, QJsonDocument(root).toJson(QJsonDocument::Indented),
                      QStringLiteral("cannot record the prediction's progress"));
}

} // namespace deepterra
