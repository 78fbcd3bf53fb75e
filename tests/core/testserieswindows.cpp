#include "training/serieswindows.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace deepterra;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

class TestSeriesWindows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void geometry();
    void windowsWithMissingValuesAreSkipped();
    void chronologicalSplitKeepsValidationLater();
    void rollingOriginsValidateEachLaterWindowOnce();
};

void TestSeriesWindows::geometry()
{
    const SeriesWindows forecast(3, 2, false);
    QCOMPARE(forecast.span(), 5);
    QCOMPARE(forecast.originRow(10), 12);
    QCOMPARE(forecast.firstTargetRow(10), 13);
    QCOMPARE(forecast.lastTargetRow(10), 14);
    const SeriesWindows reconstruct(4, 7, true);
    QCOMPARE(reconstruct.span(), 4);
    QCOMPARE(reconstruct.horizon(), 0);
    QCOMPARE(reconstruct.firstTargetRow(10), 10);
    QCOMPARE(reconstruct.lastTargetRow(10), 13);
}

void TestSeriesWindows::windowsWithMissingValuesAreSkipped()
{
    // 10 rows; the input column misses row 4, the target column misses row 8.
    const std::vector<double> input { 0, 1, 2, 3, kNaN, 5, 6, 7, 8, 9 };
    const std::vector<double> target { 0, 1, 2, 3, 4, 5, 6, 7, kNaN, 9 };
    const SeriesWindows windows(2, 1, false);
    // Windows start at 0..7: inputs rows s, s+1, target s+2, and the target at the origin s+1
    // (the persistence value). Row 4 in the inputs rules out starts 3 and 4; row 8 of the target
    // column rules out start 6 (as a target) and 7 (at the origin). The input column's NaN at
    // row 4 is no target, so start 2 (target row 4 of the target column, which is 4) stays.
    QCOMPARE(windows.complete({ &input }, { &target }, 10), (std::vector<int> { 0, 1, 2, 5 }));
    const SeriesWindows reconstruct(3, 0, true);
    QCOMPARE(reconstruct.complete({ &input }, { &input }, 10), (std::vector<int> { 0, 1, 5, 6, 7 }));
}

void TestSeriesWindows::chronologicalSplitKeepsValidationLater()
{
    std::vector<int> starts;
    for (int s = 0; s < 20; ++s)
        starts.push_back(s);
    const SeriesWindows windows(4, 3, false);
    const SeriesWindows::Split split = windows.splitChronologically(starts, 0.25);
    QCOMPARE(split.validation, (std::vector<int> { 15, 16, 17, 18, 19 }));
    // Validation targets start at row 19; training windows must end their targets by row 18:
    // start + 6 <= 18 -> start <= 12; starts 13 and 14 are dropped.
    QCOMPARE(split.train.size(), std::size_t(13));
    QCOMPARE(split.train.back(), 12);
    QCOMPARE(split.droppedAtBoundary, std::size_t(2));
    for (int t : split.train)
        for (int v : split.validation)
            QVERIFY(windows.lastTargetRow(t) < windows.firstTargetRow(v));
}

void TestSeriesWindows::rollingOriginsValidateEachLaterWindowOnce()
{
    // 23 windows, 3 folds: 4 periods of 5 windows (the first takes the 3 left over), as
    // scikit-learn's TimeSeriesSplit(n_splits=3) cuts 23 samples: validation 8-12, 13-17, 18-22.
    std::vector<int> starts;
    for (int s = 0; s < 23; ++s)
        starts.push_back(s);
    const SeriesWindows windows(4, 3, false);
    std::vector<int> validatedBy(starts.size(), 0);
    const std::vector<int> firsts { 8, 13, 18 };
    for (int fold = 0; fold < 3; ++fold) {
        const SeriesWindows::Split split = windows.rollingOrigin(starts, 3, fold);
        QCOMPARE(split.validation.size(), std::size_t(5));
        QCOMPARE(split.validation.front(), firsts[std::size_t(fold)]);
        for (int v : split.validation)
            ++validatedBy[std::size_t(v)];
        // Training grows with the origin and ends before the validation targets begin: targets of
        // window s reach row s + 6, validation's begin at row first + 4.
        QCOMPARE(split.train.back(), firsts[std::size_t(fold)] - 3);
        QCOMPARE(split.droppedAtBoundary, std::size_t(2));
        for (int t : split.train)
            for (int v : split.validation)
                QVERIFY(windows.lastTargetRow(t) < windows.firstTargetRow(v));
    }
    for (std::size_t s = 0; s < starts.size(); ++s)
        QCOMPARE(validatedBy[s], s < 8 ? 0 : 1);
    // More folds than windows allow: no validation, which the builder reports.
    QVERIFY(windows.rollingOrigin(std::vector<int> { 0, 1, 2 }, 3, 0).validation.empty());
}

QTEST_GUILESS_MAIN(TestSeriesWindows)
#include "testserieswindows.moc"
