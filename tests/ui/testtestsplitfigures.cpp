#include "results/testsplitfigures.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace deepterra;

// The held-out test split's figures as the results views show them, from a run's metrics.json.
class TestTestSplitFigures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void describesTheScoresTheExamplesAndTheEpoch();
    void aRunWithoutATestSplitHasNothingToSay();
};

namespace {

QJsonObject classRunTest()
{
    return QJsonDocument::fromJson(R"({"metrics": {"test_loss": 0.4125, "test_accuracy": 0.9134,
                                       "test_mean_iou": 0.8, "test_kappa": null, "test_macro_f1": 0.88},
                                       "examples": 120, "evaluatedAtEpoch": 3})")
        .object();
}

} // namespace

void TestTestSplitFigures::describesTheScoresTheExamplesAndTheEpoch()
{
    const QString text = TestSplitFigures::describe(classRunTest());
    QVERIFY2(text.startsWith(QLatin1String("Held-out test split (120 examples")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("epoch 3")), qPrintable(text));
    // In a reader's order: accuracy before mean IoU, the loss last; a null score is "n/a".
    QVERIFY2(text.contains(
                 QStringLiteral("accuracy 0.9134 · mean IoU 0.8 · kappa n/a · macro F1 0.88 · loss 0.4125")),
             qPrintable(text));
    QVERIFY(TestSplitFigures::note(classRunTest()).contains(QLatin1String("120 examples held out")));
    QCOMPARE(TestSplitFigures::score(classRunTest(), QStringLiteral("test_accuracy")), 0.9134);
    QVERIFY(std::isnan(TestSplitFigures::score(classRunTest(), QStringLiteral("test_kappa"))));
    QVERIFY(std::isnan(TestSplitFigures::score(classRunTest(), QStringLiteral("test_rmse"))));

    QTemporaryDir run;
    QFile metrics(QDir(run.path()).filePath(QStringLiteral("metrics.json")));
    QVERIFY(metrics.open(QIODevice::WriteOnly));
    metrics.write(QJsonDocument(QJsonObject { { QStringLiteral("stop"), QStringLiteral("completed") },
                                              { QStringLiteral("test"), classRunTest() } })
                      .toJson());
    metrics.close();
    QCOMPARE(TestSplitFigures::read(run.path()), classRunTest());
}

void TestTestSplitFigures::aRunWithoutATestSplitHasNothingToSay()
{
    QVERIFY(TestSplitFigures::describe({}).isEmpty());
    QVERIFY(TestSplitFigures::note({}).isEmpty());
    QTemporaryDir run;
    QVERIFY(TestSplitFigures::read(run.path()).isEmpty()); // no metrics.json yet
}

QTEST_GUILESS_MAIN(TestTestSplitFigures)
#include "testtestsplitfigures.moc"
