#include "common/dataerror.h"
#include "metrics/calibration.h"
#include "metrics/confusionmatrix.h"

#include <QJsonArray>
#include <QtTest>

#include <cmath>
#include <cstdint>
#include <vector>

using namespace deepterra;

namespace {

// `count` samples at `confidence`, the first `correct` of them right.
void addSamples(Calibration &calibration, double confidence, int count, int correct)
{
    for (int i = 0; i < count; ++i)
        calibration.add(confidence, i < correct);
}

} // namespace

class TestCalibration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void perfectlyCalibratedSetHasNoError();
    void overConfidentSetHasTheHandComputedError();
    void binsAreEqualWidthAndCloseAtOne();
    void batchCountsThePixelsTheConfusionMatrixCounts();
    void emptyCalibrationIsUndefined();
    void jsonRoundTrips();
    void malformedJsonThrows();
    void mergedShardsEqualTheWhole();
};

void TestCalibration::perfectlyCalibratedSetHasNoError()
{
    // Each confidence is right as often as it says; none sits on a bin edge (k/15).
    Calibration calibration;
    addSamples(calibration, 0.7, 10, 7);
    addSamples(calibration, 0.5, 2, 1);
    addSamples(calibration, 0.9, 10, 9);
    QCOMPARE(calibration.total(), qint64(22));
    QVERIFY(std::abs(calibration.expectedCalibrationError()) < 1e-12);
    QVERIFY(std::abs(calibration.maximumCalibrationError()) < 1e-12);
    QCOMPARE(calibration.bin(10).count, qint64(10)); // 0.7 * 15 = 10.5
    QCOMPARE(calibration.bin(7).count, qint64(2)); // 0.5 * 15 = 7.5
    QCOMPARE(calibration.bin(13).count, qint64(10)); // 0.9 * 15 = 13.5
}

void TestCalibration::overConfidentSetHasTheHandComputedError()
{
    // 0.95 (bin 14): 6 of 10 right, gap 0.35; 0.65 (bin 9): 5 of 10 right, gap 0.15;
    // 0.35 (bin 5): 7 of 20 right, gap 0. ECE = (10 * 0.35 + 10 * 0.15 + 20 * 0) / 40 = 0.125;
    // MCE = 0.35.
    Calibration calibration;
    addSamples(calibration, 0.95, 10, 6);
    addSamples(calibration, 0.65, 10, 5);
    addSamples(calibration, 0.35, 20, 7);
    QVERIFY2(std::abs(calibration.expectedCalibrationError() - 0.125) < 1e-12,
             qPrintable(QString::number(calibration.expectedCalibrationError(), 'g', 17)));
    QVERIFY2(std::abs(calibration.maximumCalibrationError() - 0.35) < 1e-12,
             qPrintable(QString::number(calibration.maximumCalibrationError(), 'g', 17)));
    const CalibrationBin top = calibration.bin(14);
    QCOMPARE(top.count, qint64(10));
    QVERIFY(std::abs(top.confidence - 0.95) < 1e-12);
    QCOMPARE(top.accuracy, 0.6);
    QVERIFY(std::isnan(calibration.bin(0).accuracy)); // empty
    QVERIFY(std::isnan(calibration.bin(0).confidence));
}

void TestCalibration::binsAreEqualWidthAndCloseAtOne()
{
    Calibration calibration;
    QCOMPARE(calibration.binCount(), 15);
    const std::vector<CalibrationBin> bins = calibration.bins();
    QCOMPARE(int(bins.size()), 15);
    QCOMPARE(bins.front().lower, 0.0);
    QCOMPARE(bins.back().upper, 1.0);
    for (std::size_t b = 0; b < bins.size(); ++b) {
        QVERIFY(std::abs(bins[b].upper - bins[b].lower - 1.0 / 15.0) < 1e-12);
        if (b > 0)
            QCOMPARE(bins[b].lower, bins[b - 1].upper);
    }
    calibration.add(1.0, true); // the last bin, not one past it
    calibration.add(0.0, false);
    calibration.add(std::nan(""), true); // not counted
    QCOMPARE(calibration.bin(14).count, qint64(1));
    QCOMPARE(calibration.bin(0).count, qint64(1));
    QCOMPARE(calibration.total(), qint64(2));

    Calibration four(4);
    four.add(0.3, true);
    QCOMPARE(four.binCount(), 4);
    QCOMPARE(four.bin(1).count, qint64(1)); // [0.25, 0.5)
    QCOMPARE(four.bin(1).lower, 0.25);
}

void TestCalibration::batchCountsThePixelsTheConfusionMatrixCounts()
{
    // -1 is unlabelled; truth 3 and prediction 5 are outside the 3 classes.
    const std::vector<std::int64_t> truth = { 0, 1, 2, -1, 3, 2, 1 };
    const std::vector<std::int64_t> predicted = { 0, 2, 2, 1, 0, 5, 1 };
    const std::vector<float> confidence = { 0.9f, 0.6f, 0.7f, 0.8f, 0.8f, 0.9f, 0.95f };
    Calibration calibration;
    calibration.addBatch(truth.data(), predicted.data(), confidence.data(), truth.size(), 3);
    ConfusionMatrix matrix(3);
    for (std::size_t i = 0; i < truth.size(); ++i)
        if (truth[i] >= 0)
            matrix.add(int(truth[i]), int(predicted[i]));
    QCOMPARE(calibration.total(), matrix.total());
    QCOMPARE(calibration.total(), qint64(4));
    // Pixels 0 (0.9, right), 1 (0.6, wrong), 2 (0.7, right), 6 (0.95, right).
    QCOMPARE(calibration.bin(13).count, qint64(1));
    QCOMPARE(calibration.bin(13).accuracy, 1.0);
    QCOMPARE(calibration.bin(9).count, qint64(1));
    QCOMPARE(calibration.bin(9).accuracy, 0.0);
    QCOMPARE(calibration.bin(10).count, qint64(1));
    QCOMPARE(calibration.bin(14).count, qint64(1));
    // Gaps 0.1, 0.6, 0.3, 0.05 (float confidences): ECE = 1.05 / 4.
    QVERIFY(std::abs(calibration.expectedCalibrationError() - 1.05 / 4.0) < 1e-6);
}

void TestCalibration::emptyCalibrationIsUndefined()
{
    const Calibration calibration;
    QCOMPARE(calibration.total(), qint64(0));
    QVERIFY(std::isnan(calibration.expectedCalibrationError()));
    QVERIFY(std::isnan(calibration.maximumCalibrationError()));
    const QJsonObject json = calibration.toJson();
    QVERIFY(json.value(QStringLiteral("ece")).isNull());
    QCOMPARE(json.value(QStringLiteral("bins")).toArray().size(), 15);
}

void TestCalibration::mergedShardsEqualTheWhole()
{
    // The validation shards of two processes, sent as bytes and merged, are the calibration of all
    // their samples.
    Calibration whole, first, second;
    for (Calibration *c : { &whole, &first })
        addSamples(*c, 0.95, 10, 6);
    for (Calibration *c : { &whole, &second }) {
        addSamples(*c, 0.65, 10, 5);
        addSamples(*c, 1.0 / 3.0, 7, 2);
    }
    QByteArray bytes;
    {
        QDataStream out(&bytes, QIODevice::WriteOnly);
        out << second;
    }
    Calibration received(3);
    QDataStream in(bytes);
    in >> received;
    QCOMPARE(in.status(), QDataStream::Ok);
    QCOMPARE(received.binCount(), Calibration::kDefaultBins);
    first.merge(received);
    QCOMPARE(first.total(), whole.total());
    QCOMPARE(first.expectedCalibrationError(), whole.expectedCalibrationError());
    QCOMPARE(first.toJson(), whole.toJson());

    // A truncated stream leaves the calibration as it was.
    QDataStream truncated(bytes.left(bytes.size() / 2));
    Calibration untouched(3);
    truncated >> untouched;
    QVERIFY(truncated.status() != QDataStream::Ok);
    QCOMPARE(untouched.binCount(), 3);
}

void TestCalibration::jsonRoundTrips()
{
    Calibration calibration;
    addSamples(calibration, 0.95, 10, 6);
    addSamples(calibration, 0.65, 10, 5);
    const QJsonObject json = calibration.toJson();
    QCOMPARE(json.value(QStringLiteral("ece")).toDouble(), calibration.expectedCalibrationError());
    QCOMPARE(json.value(QStringLiteral("mce")).toDouble(), calibration.maximumCalibrationError());
    const QJsonObject top = json.value(QStringLiteral("bins")).toArray().at(14).toObject();
    QCOMPARE(top.value(QStringLiteral("count")).toInt(), 10);
    QCOMPARE(top.value(QStringLiteral("accuracy")).toDouble(), 0.6);
    QCOMPARE(top.value(QStringLiteral("upper")).toDouble(), 1.0);
    QVERIFY(json.value(QStringLiteral("bins"))
                .toArray()
                .at(0)
                .toObject()
                .value(QStringLiteral("accuracy"))
                .isNull());

    const Calibration back = Calibration::fromJson(json);
    QCOMPARE(back.binCount(), 15);
    QCOMPARE(back.total(), qint64(20));
    QVERIFY(std::abs(back.expectedCalibrationError() - calibration.expectedCalibrationError()) < 1e-12);
    QVERIFY(std::abs(back.bin(9).confidence - 0.65) < 1e-12);
    QCOMPARE(back.bin(9).accuracy, 0.5);
}

void TestCalibration::malformedJsonThrows()
{
    QVERIFY_THROWS_EXCEPTION(DataError, Calibration::fromJson({}, QStringLiteral("metrics.json")));
    const QJsonObject negative { { QStringLiteral("bins"),
                                   QJsonArray { QJsonObject { { QStringLiteral("count"), -2 } } } } };
    QVERIFY_THROWS_EXCEPTION(DataError, Calibration::fromJson(negative));
    const QJsonObject noAccuracy { { QStringLiteral("bins"),
                                     QJsonArray { QJsonObject { { QStringLiteral("count"), 3 },
                                                                { QStringLiteral("confidence"), 0.5 } } } } };
    QVERIFY_THROWS_EXCEPTION(DataError, Calibration::fromJson(noAccuracy));
}

QTEST_GUILESS_MAIN(TestCalibration)
#include "testcalibration.moc"
