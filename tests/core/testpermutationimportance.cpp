#include "common/dataerror.h"
#include "metrics/permutationimportance.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace deepterra;

// The permutation-importance block of metrics.json: summaries over repeats, ordering, JSON and the
// merge into a run's metrics.json. The job that computes it is TestPermutationImportanceJob's.
class TestPermutationImportance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void summarizeGivesMeanAndSampleStd();
    void sortPutsBiggestDropFirstAndUndefinedLast();
    void jsonRoundTrips();
    void writeKeepsTheOtherKeys();
    void noMetricsJsonIsRefused();
};

void TestPermutationImportance::summarizeGivesMeanAndSampleStd()
{
    const InputImportance e = PermutationImportance::summarize(QStringLiteral("red"), { 0.1, 0.2, 0.3 });
    QCOMPARE(e.name, QStringLiteral("red"));
    QVERIFY(std::abs(e.drop - 0.2) < 1e-12);
    QVERIFY(std::abs(e.spread - 0.1) < 1e-12); // n - 1 in the denominator
    QCOMPARE(PermutationImportance::summarize(QStringLiteral("x"), { 0.5 }).spread, 0.0);
    QVERIFY(std::isnan(PermutationImportance::summarize(QStringLiteral("x"), {}).drop));
}

void TestPermutationImportance::sortPutsBiggestDropFirstAndUndefinedLast()
{
    std::vector<InputImportance> entries { { QStringLiteral("a"), 0.1, 0.0 },
                                           { QStringLiteral("b"), std::nan(""), 0.0 },
                                           { QStringLiteral("c"), 0.4, 0.0 },
                                           { QStringLiteral("d"), -0.05, 0.0 } };
    PermutationImportance::sortByDrop(entries);
    QCOMPARE(entries.at(0).name, QStringLiteral("c"));
    QCOMPARE(entries.at(1).name, QStringLiteral("a"));
    QCOMPARE(entries.at(2).name, QStringLiteral("d"));
    QCOMPARE(entries.at(3).name, QStringLiteral("b"));
}

void TestPermutationImportance::jsonRoundTrips()
{
    PermutationImportance p;
    p.metric = QStringLiteral("val_rmse");
    p.baseline = 0.7;
    p.repeats = 5;
    p.seed = 42;
    p.validationExamples = 80;
    p.inputs = { { QStringLiteral("signal"), 0.9, 0.05 }, { QStringLiteral("noise"), 0.01, 0.02 } };
    p.lags = { { QStringLiteral("lag 1"), 0.8, 0.04 } };
    const QJsonObject json = p.toJson();
    QCOMPARE(json.value(QStringLiteral("inputs"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("std"))
                 .toDouble(),
             0.05);
    const PermutationImportance back = PermutationImportance::fromJson(json);
    QCOMPARE(back.metric, p.metric);
    QCOMPARE(back.baseline, p.baseline);
    QCOMPARE(back.repeats, 5);
    QCOMPARE(back.seed, std::uint64_t(42));
    QCOMPARE(back.validationExamples, 80);
    QCOMPARE(int(back.inputs.size()), 2);
    QCOMPARE(back.inputs.at(1).name, QStringLiteral("noise"));
    QCOMPARE(back.inputs.at(1).spread, 0.02);
    QCOMPARE(back.lags.at(0).name, QStringLiteral("lag 1"));
    QVERIFY(!test::dataErrorCause([] { PermutationImportance::fromJson(QJsonObject {}); }).isEmpty());
}

void TestPermutationImportance::writeKeepsTheOtherKeys()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QJsonObject metrics { { QStringLiteral("bestEpoch"), 3 },
                                { QStringLiteral("details"),
                                  QJsonObject { { QStringLiteral("loss"), 0.2 } } },
                                { QStringLiteral("permutation_importance"), QStringLiteral("old") } };
    QFile file(dir.filePath(QStringLiteral("metrics.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(metrics).toJson());
    file.close();
    // A block that is not an object (hand-edited) reads as no block, and is replaced.
    QVERIFY(!PermutationImportance::readFromRun(dir.path()).has_value());

    PermutationImportance p;
    p.metric = QStringLiteral("val_accuracy");
    p.inputs = { { QStringLiteral("b1"), 0.3, 0.01 } };
    p.writeToRun(dir.path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject written = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(written.value(QStringLiteral("bestEpoch")).toInt(), 3);
    QCOMPARE(written.value(QStringLiteral("details")).toObject(),
             metrics.value(QStringLiteral("details")).toObject());
    const std::optional<PermutationImportance> read = PermutationImportance::readFromRun(dir.path());
    QVERIFY(read.has_value());
    QCOMPARE(read->metric, QStringLiteral("val_accuracy"));
    QCOMPARE(read->inputs.at(0).drop, 0.3);
}

void TestPermutationImportance::noMetricsJsonIsRefused()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(!PermutationImportance::readFromRun(dir.path()).has_value());
    PermutationImportance p;
    p.metric = QStringLiteral("val_accuracy");
    QString path;
    const QString cause = test::dataErrorCause([&] { p.writeToRun(dir.path()); }, &path);
    QVERIFY(cause.contains(QStringLiteral("no metrics")));
    QVERIFY(path.endsWith(QStringLiteral("metrics.json")));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("metrics.json"))));
}

QTEST_GUILESS_MAIN(TestPermutationImportance)
#include "testpermutationimportance.moc"
