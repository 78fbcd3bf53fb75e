#include "common/qtcompat.h"
#include "training/serieswindowdataset.h"

#include <QtTest>

using namespace deepterra;

namespace {

// 12 daily rows from 2020-01-01, two input columns (row and 100 + row), one target (1000 + row),
// stored "normalised" as they are, and the raw target as 5000 + row.
std::shared_ptr<SeriesSource> source(bool reconstruct)
{
    auto s = std::make_shared<SeriesSource>();
    s->windows = SeriesWindows(3, 2, reconstruct);
    s->rows = 12;
    s->inputCount = 2;
    s->targetCount = reconstruct ? 0 : 1;
    std::vector<double> raw;
    for (int r = 0; r < 12; ++r) {
        s->inputs.push_back(float(r));
        s->inputs.push_back(float(100 + r));
        if (!reconstruct)
            s->targets.push_back(float(1000 + r));
        s->times.push_back(utcDateTime(QDate(2020, 1, 1).addDays(r), QTime(0, 0)));
        raw.push_back(5000 + r);
    }
    if (!reconstruct)
        s->rawTargets.push_back(raw);
    return s;
}

} // namespace

class TestSeriesWindowDataset : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void forecastingWindow();
    void jitterTouchesInputsOnly();
    void autoencoderReconstructsItsInput();
};

void TestSeriesWindowDataset::forecastingWindow()
{
    const SeriesWindowDataset dataset(source(false), { 0, 4 }, 0.0);
    QCOMPARE(dataset.inputShape(), (std::vector<std::int64_t> { 3, 2 }));
    QCOMPARE(dataset.targetShape(), (std::vector<std::int64_t> { 2, 1 }));
    Sample s;
    dataset.sample(1, s, nullptr);
    QCOMPARE(s.input, (std::vector<float> { 4, 104, 5, 105, 6, 106 }));
    QCOMPARE(s.target, (std::vector<float> { 1007, 1008 }));
    const ForecastWindow w = dataset.forecastWindow(1);
    QCOMPARE(w.origin, utcDateTime(QDate(2020, 1, 7), QTime(0, 0)));
    QCOMPARE(w.targetTimes.size(), std::size_t(2));
    QCOMPARE(w.targetTimes[1], utcDateTime(QDate(2020, 1, 9), QTime(0, 0)));
    QCOMPARE(w.lastObserved, std::vector<double> { 5006 });
}

void TestSeriesWindowDataset::jitterTouchesInputsOnly()
{
    const SeriesWindowDataset dataset(source(false), { 2 }, 0.5);
    Sample clean, noisy;
    dataset.sample(0, clean, nullptr);
    std::mt19937_64 rng(4);
    double sumSquares = 0.0;
    int draws = 0;
    for (int i = 0; i < 200; ++i) {
        dataset.sample(0, noisy, &rng);
        QCOMPARE(noisy.target, clean.target);
        for (std::size_t k = 0; k < clean.input.size(); ++k) {
            const double d = noisy.input[k] - clean.input[k];
            sumSquares += d * d;
            ++draws;
        }
    }
    // 1200 draws of N(0, 0.5): the sample standard deviation lies within 10 % of 0.5.
    const double sd = std::sqrt(sumSquares / draws);
    QVERIFY2(sd > 0.45 && sd < 0.55, qPrintable(QString::number(sd)));
}

void TestSeriesWindowDataset::autoencoderReconstructsItsInput()
{
    const SeriesWindowDataset dataset(source(true), { 1 }, 0.3);
    QCOMPARE(dataset.targetShape(), dataset.inputShape());
    Sample clean, noisy;
    dataset.sample(0, clean, nullptr);
    QCOMPARE(clean.target, clean.input);
    QCOMPARE(clean.input, (std::vector<float> { 1, 101, 2, 102, 3, 103 }));
    std::mt19937_64 rng(2);
    dataset.sample(0, noisy, &rng);
    QCOMPARE(noisy.target, clean.input); // the clean window, not the jittered one
    QVERIFY(noisy.input != clean.input);
}

QTEST_GUILESS_MAIN(TestSeriesWindowDataset)
#include "testserieswindowdataset.moc"
