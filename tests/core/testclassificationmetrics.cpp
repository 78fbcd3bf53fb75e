#include "metrics/classificationmetrics.h"

#include <QJsonArray>
#include <QtTest>

#include <cmath>
#include <cstdint>
#include <vector>

using namespace deepterra;

namespace {
bool near(double actual, double expected)
{
    return std::abs(actual - expected) <= 1e-12 * std::max(1.0, std::abs(expected));
}
} // namespace

class TestClassificationMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kappaOfTheTextbookExample();
    void perClassScoresWithMissingClasses();
    void singleClassKappaIsUndefined();
    void emptyMatrixGivesNaN();
    void jsonWritesNullForNaN();

private:
    static ConfusionMatrix fourClassExample();
};

void TestClassificationMetrics::kappaOfTheTextbookExample()
{
    // Wikipedia, "Cohen's kappa", worked example: 50 grant proposals, both readers "yes" 20, A yes
    // and B no 5, A no and B yes 10, both "no" 15: p_o = 0.7, p_e = 0.5*0.6 + 0.5*0.4 = 0.5,
    // kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    ConfusionMatrix matrix(2);
    matrix.add(0, 0, 20);
    matrix.add(0, 1, 5);
    matrix.add(1, 0, 10);
    matrix.add(1, 1, 15);
    const ClassificationMetrics metrics = ClassificationMetrics::compute(matrix);
    QVERIFY(near(metrics.kappa, 0.4));
    QVERIFY(near(metrics.overallAccuracy, 0.7));
}

ConfusionMatrix TestClassificationMetrics::fourClassExample()
{
    // Five classes: class 2 occurs in the truth but is never predicted (255 is ignored, so its
    // prediction of 2 does not count), class 3 is predicted but absent from the truth, class 4
    // occurs nowhere.
    const std::vector<std::int32_t> truth = { 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 255, 255 };
    const std::vector<std::int64_t> predicted = { 0, 0, 0, 1, 3, 1, 1, 0, 1, 0, 1, 1, 2, 0 };
    ConfusionMatrix matrix(5);
    matrix.addBatch(truth.data(), predicted.data(), truth.size(), 255);
    return matrix;
}

void TestClassificationMetrics::perClassScoresWithMissingClasses()
{
    const ClassificationMetrics m = ClassificationMetrics::compute(fourClassExample());
    // Expected values from numpy on the raw pixels, never through a confusion matrix:
    // python3 -c "import numpy as np; np.seterr(all='ignore');
    //   t=np.array([0,0,0,0,0,1,1,1,1,2,2,2,255,255]); p=np.array([0,0,0,1,3,1,1,0,1,0,1,1,2,0]);
    //   k=t!=255; t=t[k]; p=p[k]; print(np.mean(t==p));
    //   [print(c, (tp:=np.sum((t==c)&(p==c)))/np.sum(p==c), tp/np.sum(t==c),
    //     2*tp/(np.sum(t==c)+np.sum(p==c)), tp/np.sum((t==c)|(p==c)), np.sum(t==c)) for c in range(5)]"
    // -> OA 0.5; class 0: 0.6 0.6 0.6 0.42857142857142855 5; class 1: 0.5 0.75 0.6 0.42857142857142855 4;
    //    class 2: nan 0.0 0.0 0.0 3; class 3: 0.0 nan 0.0 0.0 0; class 4: nan nan nan nan 0
    QVERIFY(near(m.overallAccuracy, 0.5));
    QCOMPARE(int(m.perClass.size()), 5);
    QVERIFY(near(m.perClass[0].precision, 0.6));
    QVERIFY(near(m.perClass[0].recall, 0.6));
    QVERIFY(near(m.perClass[0].f1, 0.6));
    QVERIFY(near(m.perClass[0].iou, 3.0 / 7.0));
    QCOMPARE(m.perClass[0].support, qint64(5));
    QVERIFY(near(m.perClass[1].precision, 0.5));
    QVERIFY(near(m.perClass[1].recall, 0.75));
    QVERIFY(near(m.perClass[1].f1, 0.6));
    QVERIFY(near(m.perClass[1].iou, 3.0 / 7.0));
    QCOMPARE(m.perClass[1].support, qint64(4));
    // Never predicted: no precision, but recall, F1 and IoU are a real 0.
    QVERIFY(std::isnan(m.perClass[2].precision));
    QCOMPARE(m.perClass[2].recall, 0.0);
    QCOMPARE(m.perClass[2].f1, 0.0);
    QCOMPARE(m.perClass[2].iou, 0.0);
    QCOMPARE(m.perClass[2].support, qint64(3));
    // Absent from the truth: no recall.
    QCOMPARE(m.perClass[3].precision, 0.0);
    QVERIFY(std::isnan(m.perClass[3].recall));
    QCOMPARE(m.perClass[3].f1, 0.0);
    QCOMPARE(m.perClass[3].iou, 0.0);
    // Absent from both: nothing defined, and left out of the means.
    QVERIFY(std::isnan(m.perClass[4].precision));
    QVERIFY(std::isnan(m.perClass[4].recall));
    QVERIFY(std::isnan(m.perClass[4].f1));
    QVERIFY(std::isnan(m.perClass[4].iou));

    // Means over classes 0-3, those present in the truth or the predictions:
    //   iou=[...same filter: np.sum((t==c)|(p==c))>0...]; np.mean(iou) -> 0.21428571428571427,
    //   np.mean(f1) -> 0.3
    QVERIFY(near(m.meanIoU, 0.21428571428571427));
    QVERIFY(near(m.macroF1, 0.3));
    // p_o = 6/12, p_e = (5*5 + 4*6 + 3*0 + 0*1) / 144 = 49/144, kappa = (72 - 49) / (144 - 49) = 23/95;
    // numpy: po=np.mean(t==p); pe=sum(np.mean(t==c)*np.mean(p==c) for c in range(5));
    //   (po-pe)/(1-pe) -> 0.2421052631578947
    QVERIFY(near(m.kappa, 23.0 / 95.0));
    QVERIFY(near(m.kappa, 0.2421052631578947));
}

void TestClassificationMetrics::singleClassKappaIsUndefined()
{
    // Truth and prediction both all class 1: p_o = p_e = 1, kappa = 0/0.
    ConfusionMatrix matrix(3);
    matrix.add(1, 1, 10);
    const ClassificationMetrics m = ClassificationMetrics::compute(matrix);
    QCOMPARE(m.overallAccuracy, 1.0);
    QVERIFY(std::isnan(m.kappa));
    QCOMPARE(m.meanIoU, 1.0); // classes 0 and 2 occur nowhere and do not count
    QCOMPARE(m.macroF1, 1.0);

    // All predicted as one class while the truth has two: p_e = 0.5*1 = 0.5, p_o = 0.5, kappa 0.
    ConfusionMatrix constantPrediction(2);
    constantPrediction.add(0, 0, 5);
    constantPrediction.add(1, 0, 5);
    QCOMPARE(ClassificationMetrics::compute(constantPrediction).kappa, 0.0);
}

void TestClassificationMetrics::emptyMatrixGivesNaN()
{
    for (const ConfusionMatrix &matrix : { ConfusionMatrix(), ConfusionMatrix(3) }) {
        const ClassificationMetrics m = ClassificationMetrics::compute(matrix);
        QVERIFY(std::isnan(m.overallAccuracy));
        QVERIFY(std::isnan(m.meanIoU));
        QVERIFY(std::isnan(m.kappa));
        QVERIFY(std::isnan(m.macroF1));
        QCOMPARE(m.perClass.size(), std::size_t(matrix.classes()));
        for (const ClassMetrics &c : m.perClass) {
            QVERIFY(std::isnan(c.precision));
            QCOMPARE(c.support, qint64(0));
        }
        const QJsonObject json = m.toJson();
        QVERIFY(json.value(QStringLiteral("kappa")).isNull());
        QCOMPARE(json.value(QStringLiteral("total")).toInteger(), qint64(0));
    }
}

void TestClassificationMetrics::jsonWritesNullForNaN()
{
    const ClassificationMetrics m = ClassificationMetrics::compute(fourClassExample());
    const QJsonObject json
        = m.toJson({ QStringLiteral("water"), QStringLiteral("forest"), QStringLiteral("urban") });
    QCOMPARE(json.value(QStringLiteral("overallAccuracy")).toDouble(), 0.5);
    QCOMPARE(json.value(QStringLiteral("total")).toInteger(), qint64(12));
    const QJsonArray classes = json.value(QStringLiteral("classes")).toArray();
    QCOMPARE(classes.size(), 5);
    const QJsonObject forest = classes.at(1).toObject();
    QCOMPARE(forest.value(QStringLiteral("name")).toString(), QStringLiteral("forest"));
    QCOMPARE(forest.value(QStringLiteral("recall")).toDouble(), 0.75);
    QCOMPARE(forest.value(QStringLiteral("support")).toInteger(), qint64(4));
    const QJsonObject urban = classes.at(2).toObject();
    QVERIFY(urban.value(QStringLiteral("precision")).isNull()); // never predicted
    QVERIFY(urban.value(QStringLiteral("recall")).isDouble());
    QVERIFY(!classes.at(3).toObject().contains(QStringLiteral("name"))); // no name given
    QVERIFY(classes.at(3).toObject().value(QStringLiteral("recall")).isNull());
    QVERIFY(classes.at(4).toObject().value(QStringLiteral("iou")).isNull());
    const QJsonArray confusion = json.value(QStringLiteral("confusionMatrix")).toArray();
    QCOMPARE(confusion.size(), 5);
    QCOMPARE(confusion.at(2).toArray().at(1).toInteger(), qint64(2)); // truth urban, predicted forest
}

QTEST_GUILESS_MAIN(TestClassificationMetrics)
#include "testclassificationmetrics.moc"
