#include "metrics/classificationmetrics.h"

#include "metrics/jsonnumber.h"

#include <QJsonArray>

#include <cmath>

namespace deepterra {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(double numerator, double denominator)
{
    return denominator > 0.0 ? numerator / denominator : kNaN;
}
} // namespace

ClassificationMetrics ClassificationMetrics::compute(const ConfusionMatrix &confusion)
{
    ClassificationMetrics metrics;
    metrics.confusion = confusion;
    const int classes = confusion.classes();
    const double total = double(confusion.total());
    metrics.perClass.resize(std::size_t(classes));

    double iouSum = 0.0;
    double f1Sum = 0.0;
    int present = 0;
    // Sum of truth x predicted per class: the agreement expected by chance, times total^2.
    // Kept in double because the product of two pixel counts overflows 64-bit integers.
    double chanceProducts = 0.0;
    for (int c = 0; c < classes; ++c) {
        const double truePositives = double(confusion.at(c, c));
        const double truth = double(confusion.truthCount(c));
        const double predicted = double(confusion.predictedCount(c));
        ClassMetrics &m = metrics.perClass[std::size_t(c)];
        m.support = confusion.truthCount(c);
        m.precision = ratio(truePositives, predicted);
        m.recall = ratio(truePositives, truth);
        m.f1 = ratio(2.0 * truePositives, truth + predicted);
        m.iou = ratio(truePositives, truth + predicted - truePositives);
        if (truth + predicted > 0.0) {
            iouSum += m.iou;
            f1Sum += m.f1;
            ++present;
        }
        chanceProducts += truth * predicted;
    }

    if (total > 0.0) {
        const double observedAgreement = double(confusion.correct()) / total;
        const double chanceAgreement = chanceProducts / (total * total);
        metrics.overallAccuracy = observedAgreement;
        // With a chance agreement of 1 (one single class in both truth and prediction) kappa is
        // 0/0: undefined, as in scikit-learn.
        metrics.kappa
            = chanceAgreement < 1.0 ? (observedAgreement - chanceAgreement) / (1.0 - chanceAgreement) : kNaN;
    }
    if (present > 0) {
        metrics.meanIoU = iouSum / present;
        metrics.macroF1 = f1Sum / present;
    }
    return metrics;
}

QJsonObject ClassificationMetrics::toJson(const QStringList &classNames) const
{
    QJsonArray classes;
    for (std::size_t c = 0; c < perClass.size(); ++c) {
        const ClassMetrics &m = perClass[c];
        QJsonObject entry;
        entry.insert(QStringLiteral("index"), int(c));
        if (qsizetype(c) < classNames.size() && !classNames.at(qsizetype(c)).isEmpty())
            entry.insert(QStringLiteral("name"), classNames.at(qsizetype(c)));
        entry.insert(QStringLiteral("precision"), jsonNumber(m.precision));
        entry.insert(QStringLiteral("recall"), jsonNumber(m.recall));
        entry.insert(QStringLiteral("f1"), jsonNumber(m.f1));
        entry.insert(QStringLiteral("iou"), jsonNumber(m.iou));
        entry.insert(QStringLiteral("support"), QJsonValue(m.support));
        classes.append(entry);
    }
    QJsonObject object;
    object.insert(QStringLiteral("overallAccuracy"), jsonNumber(overallAccuracy));
    object.insert(QStringLiteral("meanIoU"), jsonNumber(meanIoU));
    object.insert(QStringLiteral("kappa"), jsonNumber(kappa));
    object.insert(QStringLiteral("macroF1"), jsonNumber(macroF1));
    object.insert(QStringLiteral("total"), QJsonValue(confusion.total()));
    object.insert(QStringLiteral("classes"), classes);
    object.insert(QStringLiteral("confusionMatrix"), confusion.toJson());
    return object;
}

} // namespace deepterra
