// The reliability diagram on a calibration computed by hand: its summary, its points, the bins'
// hover text and the message that replaces it.

#include "metrics/calibration.h"
#include "results/reliabilitydiagram.h"
#include "series/qcustomplotinclude.h"

#include <QLabel>
#include <QtTest>

#include <cmath>

using namespace deepterra;

namespace {

// Over-confident: at 0.95, 6 of 10 right (gap 0.35); at 0.65, 5 of 10 (gap 0.15): ECE 0.25,
// MCE 0.35.
Calibration overConfident()
{
    Calibration calibration;
    for (int i = 0; i < 10; ++i) {
        calibration.add(0.95, i < 6);
        calibration.add(0.65, i < 5);
    }
    return calibration;
}

} // namespace

class TestReliabilityDiagram : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheHandComputedErrors();
    void hoverTellsTheBinUnderTheMouse();
    void messageReplacesTheDiagram();
};

void TestReliabilityDiagram::showsTheHandComputedErrors()
{
    ReliabilityDiagram diagram;
    diagram.setCalibration(overConfident(), QStringLiteral("pixels"));
    QVERIFY(diagram.hasCalibration());
    QVERIFY(std::abs(diagram.expectedCalibrationError() - 0.25) < 1e-12);
    QVERIFY2(diagram.summary()->text().contains(QStringLiteral("error 0.250 · maximum 0.350 · 20 validation "
                                                               "pixels in 15 confidence bins")),
             qPrintable(diagram.summary()->text()));
    // One point per non-empty bin, at (mean confidence, accuracy).
    QCOMPARE(diagram.accuracyPoints()->data()->size(), 2);
    QVERIFY(std::abs(diagram.accuracyPoints()->data()->at(0)->key - 0.65) < 1e-12);
    QCOMPARE(diagram.accuracyPoints()->data()->at(0)->value, 0.5);
    QVERIFY(std::abs(diagram.accuracyPoints()->data()->at(1)->key - 0.95) < 1e-12);
    QCOMPARE(diagram.accuracyPoints()->data()->at(1)->value, 0.6);
    // Every bin has its share of the samples, the two full ones half each.
    QCOMPARE(diagram.sampleShares()->data()->size(), 15);
    QCOMPARE(diagram.sampleShares()->data()->at(14)->value, 0.5);
    QCOMPARE(diagram.sampleShares()->data()->at(0)->value, 0.0);
    QCOMPARE(diagram.binText(14),
             QStringLiteral("0.933–1.000: 10 pixels, mean confidence 0.950, accuracy 0.600"));
    QVERIFY(diagram.binText(0).contains(QStringLiteral("no validation pixels")));
    QVERIFY(diagram.binText(15).isEmpty());
}

void TestReliabilityDiagram::hoverTellsTheBinUnderTheMouse()
{
    ReliabilityDiagram diagram;
    diagram.resize(500, 400);
    diagram.show();
    QVERIFY(QTest::qWaitForWindowExposed(&diagram));
    diagram.setCalibration(overConfident(), QStringLiteral("patches"));
    diagram.plot()->replot();
    // Bin 9 holds 0.6 <= confidence < 0.667.
    const QPoint over(int(diagram.plot()->xAxis->coordToPixel(0.63)),
                      int(diagram.plot()->yAxis->coordToPixel(0.5)));
    QTest::mouseMove(diagram.plot(), over);
    QTRY_COMPARE(diagram.plot()->toolTip(), diagram.binText(9));
    QVERIFY(diagram.plot()->toolTip().contains(QStringLiteral("10 patches")));
}

void TestReliabilityDiagram::messageReplacesTheDiagram()
{
    ReliabilityDiagram diagram;
    diagram.setCalibration(overConfident(), QStringLiteral("pixels"));
    diagram.showMessage(QStringLiteral("not recorded"));
    QVERIFY(!diagram.hasCalibration());
    QVERIFY(std::isnan(diagram.expectedCalibrationError()));
    QVERIFY(diagram.accuracyPoints()->data()->isEmpty());
    QCOMPARE(diagram.message()->text(), QStringLiteral("not recorded"));
    QVERIFY(diagram.binText(14).isEmpty());
}

QTEST_MAIN(TestReliabilityDiagram)
#include "testreliabilitydiagram.moc"
