#include "common/dataerror.h"
#include "metrics/confusionmatrix.h"

#include <QJsonArray>
#include <QtTest>

#include <cstdint>
#include <vector>

using namespace deepterra;

class TestConfusionMatrix : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void batchSkipsIgnoredAndOutOfRangePixels();
    void addCountsAndRejectsOutOfRange();
    void mergeGrowsAnEmptyMatrix();
    void jsonRoundTrips();
    void malformedJsonThrows();
    void emptyMatrixIsHarmless();
};

void TestConfusionMatrix::batchSkipsIgnoredAndOutOfRangePixels()
{
    // Truth 3 (out of range) and prediction 5 (out of range) are discarded; -1 is ignored.
    const std::vector<std::int32_t> truth = { 0, 1, 2, 2, 1, 0, -1, 2, 1, 0, -1, 3, 2 };
    const std::vector<std::int64_t> predicted = { 0, 2, 2, 1, 1, 0, 1, 2, 1, 1, 0, 0, 5 };
    ConfusionMatrix matrix(3);
    matrix.addBatch(truth.data(), predicted.data(), truth.size(), -1);

    // python3 -c "import numpy as np; t=np.array([0,1,2,2,1,0,-1,2,1,0,-1,3,2]);
    //   p=np.array([0,2,2,1,1,0,1,2,1,1,0,0,5]); k=(t>=0)&(t<3)&(p>=0)&(p<3); m=np.zeros((3,3),int);
    //   np.add.at(m,(t[k],p[k]),1); print(m.tolist(), m.sum(), ((t!=-1)&~k).sum())"
    // -> [[2, 1, 0], [0, 2, 1], [0, 1, 2]] 9 2
    const qint64 expected[3][3] = { { 2, 1, 0 }, { 0, 2, 1 }, { 0, 1, 2 } };
    for (int t = 0; t < 3; ++t)
        for (int p = 0; p < 3; ++p)
            QCOMPARE(matrix.at(t, p), expected[t][p]);
    QCOMPARE(matrix.total(), qint64(9));
    QCOMPARE(matrix.discarded(), qint64(2));
    QCOMPARE(matrix.correct(), qint64(6));
    QCOMPARE(matrix.truthCount(1), qint64(3));
    QCOMPARE(matrix.predictedCount(1), qint64(4));

    // A different ignore label: -1 is now an out-of-range index, 2 is skipped.
    ConfusionMatrix other(3);
    other.addBatch(truth.data(), predicted.data(), truth.size(), 2);
    QCOMPARE(other.at(2, 2), qint64(0));
    QCOMPARE(other.discarded(), qint64(3)); // the two -1 and the 3
    QCOMPARE(other.total(), qint64(6));
}

void TestConfusionMatrix::addCountsAndRejectsOutOfRange()
{
    ConfusionMatrix matrix(2);
    matrix.add(0, 1, 5);
    matrix.add(0, 1);
    matrix.add(1, 1, 0); // nothing
    matrix.add(1, 0, -4); // nothing
    matrix.add(2, 0, 3); // out of range
    matrix.add(0, -1);
    QCOMPARE(matrix.at(0, 1), qint64(6));
    QCOMPARE(matrix.total(), qint64(6));
    QCOMPARE(matrix.discarded(), qint64(4));
    QCOMPARE(matrix.at(5, 5), qint64(0));
    matrix.clear();
    QCOMPARE(matrix.total(), qint64(0));
    QCOMPARE(matrix.at(0, 1), qint64(0));
}

void TestConfusionMatrix::mergeGrowsAnEmptyMatrix()
{
    ConfusionMatrix first(2);
    first.add(0, 0, 3);
    first.add(1, 0, 1);
    ConfusionMatrix second(2);
    second.add(1, 1, 4);
    second.add(1, 0, 2);

    ConfusionMatrix sum;
    QCOMPARE(sum.classes(), 0);
    sum.merge(first);
    sum.merge(second);
    QCOMPARE(sum.classes(), 2);
    QCOMPARE(sum.at(0, 0), qint64(3));
    QCOMPARE(sum.at(1, 0), qint64(3));
    QCOMPARE(sum.at(1, 1), qint64(4));
    QCOMPARE(sum.total(), qint64(10));

    ConfusionMatrix bigger(3);
    bigger.add(2, 2, 7);
    sum.merge(bigger);
    QCOMPARE(sum.classes(), 3);
    QCOMPARE(sum.at(1, 0), qint64(3)); // kept its place after growing
    QCOMPARE(sum.at(2, 2), qint64(7));
    QCOMPARE(sum.total(), qint64(17));
}

void TestConfusionMatrix::jsonRoundTrips()
{
    ConfusionMatrix matrix(3);
    matrix.add(0, 2, 4);
    matrix.add(2, 1, 9);
    matrix.add(1, 1, qint64(1) << 40); // beyond 32 bits
    const QJsonArray json = matrix.toJson();
    QCOMPARE(json.size(), 3);
    QCOMPARE(json.at(0).toArray().at(2).toInteger(), qint64(4)); // rows are the truth
    QCOMPARE(json.at(2).toArray().at(1).toInteger(), qint64(9));
    const ConfusionMatrix back = ConfusionMatrix::fromJson(json);
    QVERIFY(back == matrix);
    QCOMPARE(back.total(), matrix.total());
}

void TestConfusionMatrix::malformedJsonThrows()
{
    const QJsonArray notSquare = { QJsonArray { 1, 2 }, QJsonArray { 3 } };
    const QJsonArray negative = { QJsonArray { 1, -2 }, QJsonArray { 3, 4 } };
    const QJsonArray fractional = { QJsonArray { 1.5 } };
    const QJsonArray notRows = { QJsonValue(3) };
    for (const QJsonArray &bad : { notSquare, negative, fractional, notRows }) {
        try {
            ConfusionMatrix::fromJson(bad, QStringLiteral("run.json"));
            QFAIL("expected a DataError");
        } catch (const DataError &error) {
            QCOMPARE(error.path(), QStringLiteral("run.json"));
            QVERIFY(error.cause().contains(QStringLiteral("confusion matrix")));
        }
    }
    QCOMPARE(ConfusionMatrix::fromJson(QJsonArray()).classes(), 0);
}

void TestConfusionMatrix::emptyMatrixIsHarmless()
{
    ConfusionMatrix matrix;
    const std::int32_t truth[] = { 0, 1 };
    const std::int64_t predicted[] = { 0, 1 };
    matrix.addBatch(truth, predicted, 2);
    matrix.addBatch(nullptr, nullptr, 0);
    QCOMPARE(matrix.total(), qint64(0));
    QCOMPARE(matrix.discarded(), qint64(2));
    QVERIFY(matrix.toJson().isEmpty());
}

QTEST_GUILESS_MAIN(TestConfusionMatrix)
#include "testconfusionmatrix.moc"
