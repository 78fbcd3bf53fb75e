#pragma once

#include "labels/classtable.h"
#include "metrics/classificationmetrics.h"

#include <QString>

namespace deepterra {

// What the results view of a class task shows of one run, read from its folder: the classes
// (names, colours) from config.json and the best epoch's validation confusion matrix with its
// scores from metrics.json. Reads files: load it off the GUI thread.
struct ClassRunResults
{
    QString runFolder;
    QString task; // config.json's task type: "segmentation", "forecasting", ...
    ClassTable classes;
    int bestEpoch = 0; // 0 when metrics.json does not say
    QString stop; // how the run ended: "completed", "early-stopped", "stopped", ...
    // False for a run without a validation matrix (stopped before its first validation, failed,
    // or not a class task): `problem` then says why.
    bool hasMatrix = false;
    QString problem;
    // The scores of the matrix: those metrics.json holds, as it holds them; the ones it lacks
    // computed from the matrix (ClassificationMetrics::compute, as training does).
    ClassificationMetrics metrics;
    QString testSplit; // TestSplitFigures of the run; empty without a test split

    static bool isClassTask(const QString &task)
    {
        return task == QLatin1String("segmentation") || task == QLatin1String("patch-classification");
    }

    // Throws DataError naming the file for a folder that is not a run or a metrics.json that
    // cannot be read; a run without metrics.json (still training) has no matrix.
    static ClassRunResults load(const QString &runFolder);
};

} // namespace deepterra
