#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace deepterra {

struct PredictionRequest;

// Where an interrupted whole-raster prediction can go on from: the outputs' ".partial" files hold
// every band of output columns left of `bandFirstColumn` and, in the band that starts there, the
// rows above `rowsDone`, all flushed to the disk before this state was written. The fingerprint
// names everything the written pixels depend on (input, model files, outputs, tiling, uncertainty);
// a resume with any of them changed would mix two predictions in one map, so it starts over.
// Kept as "<class map>.partial.resume" beside the partial files; PredictionWriter writes it.
struct PredictionResumeState
{
    QJsonObject fingerprint;
    int bandFirstColumn = 0;
    int rowsDone = 0;
    double shareDone = 0.0; // of the raster's pixels, for messages

    static QString pathFor(const QString &classMapOutput);
    // What the pixels depend on. `files`: the input raster and the model's files, named with
    // their sizes and modification times (a retrained checkpoint or an edited input do not match).
    static QJsonObject makeFingerprint(const PredictionRequest &request, const QStringList &modelFiles,
                                       int bandWidth);

    // False, with `problem` saying why ("no interrupted prediction of OUT"), when the file is
    // missing or unreadable.
    static bool load(const QString &path, PredictionResumeState *state, QString *problem);
    // Atomically: a kill while writing leaves the previous state. Throws DataError naming the file.
    void save(const QString &path) const;
};

} // namespace deepterra
