#pragma once

#include "metrics/confusionmatrix.h"

#include <QJsonObject>
#include <QStringList>

#include <limits>
#include <vector>

namespace deepterra {

// One class's scores. A ratio whose denominator is 0 is NaN (undefined), never 0: a class that is
// never predicted has no precision, which is not the same as a precision of 0.
struct ClassMetrics
{
    double precision = std::numeric_limits<double>::quiet_NaN(); // TP / predicted
    double recall = std::numeric_limits<double>::quiet_NaN(); // TP / truth
    double f1 = std::numeric_limits<double>::quiet_NaN(); // 2 TP / (truth + predicted)
    double iou = std::numeric_limits<double>::quiet_NaN(); // TP / (truth + predicted - TP)
    qint64 support = 0; // pixels of this class in the truth
};

// The scores of a classification or segmentation, all derived from one confusion matrix (which
// already leaves out the ignored pixels).
//
// F1 and IoU are defined as soon as the class occurs in the truth or in the predictions: a class
// present in the truth but never predicted has precision NaN and F1 = IoU = 0. meanIoU and
// macroF1 average over exactly those classes; classes absent from both are left out, because
// they say nothing about this model on this data (a tile without water must not pull the mean
// down, nor up).
struct ClassificationMetrics
{
    double overallAccuracy = std::numeric_limits<double>::quiet_NaN();
    double meanIoU = std::numeric_limits<double>::quiet_NaN();
    double kappa = std::numeric_limits<double>::quiet_NaN(); // Cohen's; NaN when chance agreement is 1
    double macroF1 = std::numeric_limits<double>::quiet_NaN();
    std::vector<ClassMetrics> perClass;
    ConfusionMatrix confusion;

    static ClassificationMetrics compute(const ConfusionMatrix &confusion);

    // {"overallAccuracy", "meanIoU", "kappa", "macroF1", "total",
    //  "classes": [{"index", "name" (when given), "precision", "recall", "f1", "iou", "support"}],
    //  "confusionMatrix": [[...]]}; NaN is written as null.
    QJsonObject toJson(const QStringList &classNames = {}) const;
};

} // namespace deepterra
