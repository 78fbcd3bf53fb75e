#include "common/dataerror.h"
#include "common/qtcompat.h"
#include "project/project.h"
#include "testdata.h"
#include "training/seriestrainingdatabuilder.h"
#include "training/serieswindowdataset.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>
#include <map>

using namespace deepterra;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Project seriesProject(const QString &csv)
{
    Project p;
    p.filePath = QStringLiteral("/data/series.deepterra");
    ProjectLayer layer;
    layer.id = QStringLiteral("series");
    layer.kind = LayerKind::Series;
    layer.path = csv;
    p.layers.push_back(layer);
    ProjectLayer image;
    image.id = QStringLiteral("image");
    image.kind = LayerKind::Imagery;
    image.path = QStringLiteral("/data/image.tif");
    p.layers.push_back(image);
    return p;
}

TaskConfig forecastTask(int lookback, int horizon, GapFillMethod gapFill)
{
    TaskConfig task;
    task.kind = TaskKind::Forecasting;
    task.series.seriesLayer = QStringLiteral("series");
    task.series.lookback = lookback;
    task.series.horizon = horizon;
    task.series.gapFill = gapFill;
    task.split.validationFraction = 0.2;
    return task;
}

// co2.csv read here without the series readers: one row per week (the file has no missing
// week, only empty values), so row r of the file is row r of the series.
struct Co2
{
    std::vector<QDate> dates;
    std::vector<double> values;
};

Co2 readCo2()
{
    QFile file(test::samplePath(QStringLiteral("datasets/co2/co2.csv")));
    Co2 co2;
    if (!file.open(QIODevice::ReadOnly))
        return co2;
    file.readLine();
    while (!file.atEnd()) {
        const QList<QByteArray> fields = file.readLine().trimmed().split(',');
        co2.dates.push_back(QDate::fromString(QString::fromLatin1(fields[0]), QStringLiteral("yyyyMMdd")));
        co2.values.push_back(fields.size() > 1 && !fields[1].isEmpty() ? fields[1].toDouble() : kNaN);
    }
    return co2;
}

const SeriesWindowDataset &windows(const std::shared_ptr<const SampleDataset> &dataset)
{
    return dynamic_cast<const SeriesWindowDataset &>(*dataset);
}

} // namespace

class TestSeriesTrainingDataBuilder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void co2Forecasting();
    void co2WithLinearGapFilling();
    void co2BaselinesSeeOnlyTheTrainingPeriod();
    void co2TestPeriodComesLastAndApart();
    void elninoMonthlyClimatology();
    void seasonFollowsTheFrequency();
    void seriesAutoencoder();
    void badInputsAreDataErrors();
};

void TestSeriesTrainingDataBuilder::co2Forecasting()
{
    const Co2 co2 = readCo2();
    QCOMPARE(co2.values.size(), std::size_t(2284));
    const Project project = seriesProject(test::samplePath(QStringLiteral("datasets/co2/co2.csv")));
    const TrainingData data
        = SeriesTrainingDataBuilder::build(project, forecastTask(52, 4, GapFillMethod::None), 1);

    // Python over the raw file: 2229 windows of 56 weeks, 1743 without an empty value; the last
    // round(0.2 x 1743) = 349 validate; 3 training windows reach into the validation targets.
    const SeriesWindowDataset &train = windows(data.train);
    const SeriesWindowDataset &validation = windows(data.validation);
    QCOMPARE(validation.size(), std::size_t(349));
    QCOMPARE(train.size(), std::size_t(1391));
    QCOMPARE(data.summary.value(QStringLiteral("windows")).toInt(), 2229);
    QCOMPARE(data.summary.value(QStringLiteral("windowsWithMissingValues")).toInt(), 2229 - 1743);
    QCOMPARE(data.summary.value(QStringLiteral("droppedAtBoundary")).toInt(), 3);
    QCOMPARE(train.inputShape(), (std::vector<std::int64_t> { 52, 1 }));
    QCOMPARE(train.targetShape(), (std::vector<std::int64_t> { 4, 1 }));
    QCOMPARE(data.inputChannels, QStringList { QStringLiteral("co2") });
    QCOMPARE(data.targetColumns, QStringList { QStringLiteral("co2") });

    // Windows with an empty value are skipped: every kept window is complete in the file.
    for (const SeriesWindowDataset *d : { &train, &validation })
        for (int start : d->starts())
            for (int row = start; row < start + 56; ++row)
                QVERIFY(std::isfinite(co2.values[std::size_t(row)]));

    // Validation strictly after training: the latest training target precedes the earliest
    // validation target.
    int lastTrainingTarget = 0;
    for (int start : train.starts())
        lastTrainingTarget = std::max(lastTrainingTarget, start + 55);
    int firstValidationTarget = std::numeric_limits<int>::max();
    for (int start : validation.starts())
        firstValidationTarget = std::min(firstValidationTarget, start + 52);
    QVERIFY(co2.dates[std::size_t(lastTrainingTarget)] < co2.dates[std::size_t(firstValidationTarget)]);
    // numpy: the finite values of rows 0..1931 (the training period): mean 335.2411105178857,
    // std 13.734156517735972 (the normaliser sees the values as floats: 3e-5 apart at 335).
    QCOMPARE(lastTrainingTarget, 1931);
    QVERIFY(std::abs(data.normalizer.offsets[0] - 335.2411105178857) < 1e-4);
    QVERIFY(std::abs(data.normalizer.scales[0] - 13.734156517735972) < 1e-4);
    QCOMPARE(data.targetNormalizer.offsets, data.normalizer.offsets);

    // Persistence: the value at the origin as written in the file; targets in original units.
    Sample sample;
    for (std::size_t i = 0; i < validation.size(); ++i) {
        const int start = validation.starts()[i];
        const ForecastWindow w = data.forecastWindow(i);
        QCOMPARE(w.origin.date(), co2.dates[std::size_t(start + 51)]);
        QCOMPARE(w.lastObserved, std::vector<double> { co2.values[std::size_t(start + 51)] });
        QCOMPARE(w.targetTimes.size(), std::size_t(4));
        validation.sample(i, sample, nullptr);
        // Relative windows (the default): targets are normalised changes from the origin's value,
        // inputs are relative to the origin, whose own input is therefore 0.
        QVERIFY(data.relativeTargets);
        const double unit
            = data.targetNormalizer.denormalize(1.0, 0) - data.targetNormalizer.denormalize(0.0, 0);
        for (int h = 0; h < 4; ++h) {
            QCOMPARE(w.targetTimes[std::size_t(h)].date(), w.origin.date().addDays(7 * (h + 1)));
            QVERIFY(std::abs(w.lastObserved[0] + sample.target[std::size_t(h)] * unit
                             - co2.values[std::size_t(start + 52 + h)])
                    < 1e-3);
        }
        QCOMPARE(sample.input[51], 0.0f);
        QVERIFY(std::abs(sample.input[0] * unit
                         - (co2.values[std::size_t(start)] - co2.values[std::size_t(start + 51)]))
                < 1e-3);
    }
    // The first validation origin, from the same Python run: 1995-04-01, 363.8.
    QCOMPARE(data.forecastWindow(0).origin.date(), QDate(1995, 4, 1));
    QCOMPARE(data.forecastWindow(0).lastObserved[0], 363.8);

    QCOMPARE(data.climatology.size(), std::size_t(1));
    QCOMPARE(int(data.climatology[0].season()), int(Season::WeekOfYear));
}

void TestSeriesTrainingDataBuilder::co2WithLinearGapFilling()
{
    // The 59 empty values are all interior, so linear filling completes all 2229 windows:
    // round(0.2 x 2229) = 446 validate, 2229 - 446 - 3 train.
    const Project project = seriesProject(test::samplePath(QStringLiteral("datasets/co2/co2.csv")));
    TaskConfig task = forecastTask(52, 4, GapFillMethod::Linear);
    task.series.jitter = 0.2;
    const TrainingData data = SeriesTrainingDataBuilder::build(project, task, 1);
    QCOMPARE(data.validation->size(), std::size_t(446));
    QCOMPARE(data.train->size(), std::size_t(1780));

    // Jitter augments training inputs only.
    Sample clean, noisy;
    std::mt19937_64 rng(1);
    data.train->sample(0, clean, nullptr);
    data.train->sample(0, noisy, &rng);
    QVERIFY(noisy.input != clean.input);
    QCOMPARE(noisy.target, clean.target);
    data.validation->sample(0, clean, nullptr);
    data.validation->sample(0, noisy, &rng);
    QCOMPARE(noisy.input, clean.input);

    // Absolute windows: targets are the normalised values themselves.
    task.series.relative = false;
    const TrainingData absolute = SeriesTrainingDataBuilder::build(project, task, 1);
    QVERIFY(!absolute.relativeTargets);
    const Co2 co2 = readCo2();
    const SeriesWindowDataset &validation = windows(absolute.validation);
    Sample sample;
    validation.sample(0, sample, nullptr);
    const int start = validation.starts().front();
    if (std::isfinite(co2.values[std::size_t(start + 52)]))
        QVERIFY(std::abs(absolute.targetNormalizer.denormalize(sample.target[0], 0)
                         - co2.values[std::size_t(start + 52)])
                < 1e-3);
    QVERIFY(std::abs(absolute.normalizer.denormalize(sample.input[51], 0)
                     - absolute.forecastWindow(0).lastObserved[0])
            < 1e-3);
}

void TestSeriesTrainingDataBuilder::co2BaselinesSeeOnlyTheTrainingPeriod()
{
    const Co2 co2 = readCo2();
    const QString path = test::samplePath(QStringLiteral("datasets/co2/co2.csv"));
    const TrainingData data
        = SeriesTrainingDataBuilder::build(seriesProject(path), forecastTask(52, 4, GapFillMethod::None), 1);
    // Weekly: the value 52 weeks earlier; the training period is rows 0..1931 (co2Forecasting).
    QCOMPARE(data.seasonalNaive.seasonLength(), 52);
    QCOMPARE(data.summary.value(QStringLiteral("seasonLength")).toInt(), 52);
    const std::vector<double> training(co2.values.begin(), co2.values.begin() + 1932);
    const AutoregressiveModel expected = AutoregressiveModel::select(training, 12);
    QCOMPARE(data.autoregressive.size(), std::size_t(1));
    const AutoregressiveModel &ar = data.autoregressive[0];
    QVERIFY2(!ar.isEmpty(), qPrintable(ar.note()));
    QCOMPARE(ar.maxOrder(), 12);
    QCOMPARE(ar.order(), expected.order());
    QCOMPARE(ar.coefficients(), expected.coefficients());
    QCOMPARE(ar.intercept(), expected.intercept());

    // Every validation value raised by 100 ppm: the baselines fitted on training do not move.
    QTemporaryDir dir;
    QFile original(path);
    QVERIFY(original.open(QIODevice::ReadOnly));
    QByteArray changed = original.readLine();
    for (int row = 0; !original.atEnd(); ++row) {
        QList<QByteArray> fields = original.readLine().trimmed().split(',');
        if (row >= 1932 && fields.size() > 1 && !fields[1].isEmpty())
            fields[1] = QByteArray::number(fields[1].toDouble() + 100.0, 'g', 10);
        changed += fields.join(',') + '\n';
    }
    const QString changedPath = dir.filePath(QStringLiteral("co2.csv"));
    QFile out(changedPath);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(changed);
    out.close();
    const TrainingData shifted = SeriesTrainingDataBuilder::build(
        seriesProject(changedPath), forecastTask(52, 4, GapFillMethod::None), 1);
    QCOMPARE(shifted.autoregressive[0].coefficients(), ar.coefficients());
    QCOMPARE(shifted.autoregressive[0].intercept(), ar.intercept());
    QCOMPARE(shifted.seasonalNaive.seasonLength(), 52);

    // Per validation window, in original units: the value one season (or, over a gap, two)
    // before each target, and the AR recursion from the origin's own values.
    const SeriesWindowDataset &validation = windows(data.validation);
    int forecasts = 0;
    for (std::size_t i = 0; i < validation.size(); ++i) {
        const std::size_t origin = std::size_t(validation.starts()[i] + 51);
        const ForecastWindow w = data.forecastWindow(i);
        QCOMPARE(w.seasonalNaive.size(), std::size_t(1));
        QCOMPARE(w.autoregressive, std::vector<std::vector<double>> { ar.forecast(co2.values, origin, 4) });
        for (std::size_t h = 0; h < 4; ++h) {
            const std::size_t target = origin + 1 + h;
            const double oneSeason = co2.values[target - 52];
            const double expectedValue = std::isfinite(oneSeason) ? oneSeason : co2.values[target - 104];
            const double actual = w.seasonalNaive[0][h];
            QVERIFY((std::isnan(actual) && std::isnan(expectedValue)) || actual == expectedValue);
        }
        forecasts += std::isfinite(w.autoregressive[0][3]) ? 1 : 0;
    }
    // A kept window has no gap, and its 52 input weeks hold the AR model's p <= 12 lags.
    QCOMPARE(forecasts, int(validation.size()));
}

void TestSeriesTrainingDataBuilder::co2TestPeriodComesLastAndApart()
{
    const Project project = seriesProject(test::samplePath(QStringLiteral("datasets/co2/co2.csv")));
    TaskConfig task = forecastTask(52, 4, GapFillMethod::None);
    task.split.testFraction = 0.1;
    const TrainingData data = SeriesTrainingDataBuilder::build(project, task, 1);
    QVERIFY(data.test);
    const SeriesWindowDataset &train = windows(data.train);
    const SeriesWindowDataset &validation = windows(data.validation);
    const SeriesWindowDataset &test = windows(data.test);
    // 1743 complete windows: the last round(0.1 x 1743) = 174 are the test; validation keeps a fifth
    // of all the windows, round(0.2 / 0.9 x what the test left).
    QCOMPARE(test.size(), std::size_t(174));
    QVERIFY2(validation.size() >= 340 && validation.size() <= 350,
             qPrintable(QString::number(validation.size())));
    QCOMPARE(data.summary.value(QStringLiteral("testWindows")).toInt(), 174);
    QCOMPARE(data.summary.value(QStringLiteral("split"))
                 .toObject()
                 .value(QStringLiteral("testFraction"))
                 .toDouble(),
             0.1);
    // Training targets end before validation's begin, validation's before the test's.
    const auto lastTarget = [](const SeriesWindowDataset &d) {
        int last = 0;
        for (int start : d.starts())
            last = std::max(last, start + 55);
        return last;
    };
    const auto firstTarget = [](const SeriesWindowDataset &d) {
        int first = std::numeric_limits<int>::max();
        for (int start : d.starts())
            first = std::min(first, start + 52);
        return first;
    };
    QVERIFY(lastTarget(train) < firstTarget(validation));
    QVERIFY(lastTarget(validation) < firstTarget(test));
    // The test windows' baselines are there too, for skill on the test period.
    QVERIFY(data.testForecastWindow);
    QCOMPARE(data.testForecastWindow(0).autoregressive.size(), std::size_t(1));
    // The last period of the file is the test's.
    QCOMPARE(
        test.starts().back(),
        windows(
            SeriesTrainingDataBuilder::build(project, forecastTask(52, 4, GapFillMethod::None), 1).validation)
            .starts()
            .back());
}

void TestSeriesTrainingDataBuilder::elninoMonthlyClimatology()
{
    const QString path = test::samplePath(QStringLiteral("datasets/elnino/elnino.csv"));
    const Project project = seriesProject(path);
    const TrainingData data
        = SeriesTrainingDataBuilder::build(project, forecastTask(12, 3, GapFillMethod::Linear), 1);
    // Python: 732 months, 718 windows, 144 validate, 572 train; the training period ends with
    // row 585 = October 1998.
    QCOMPARE(data.validation->size(), std::size_t(144));
    QCOMPARE(data.train->size(), std::size_t(572));
    QCOMPARE(data.targetColumns, QStringList { QStringLiteral("elnino") });
    QCOMPARE(data.summary.value(QStringLiteral("frequency")).toString(), QStringLiteral("monthly"));
    QCOMPARE(data.climatology.size(), std::size_t(1));
    QCOMPARE(int(data.climatology[0].season()), int(Season::MonthOfYear));
    QCOMPARE(data.climatology[0].trainingCount(), qint64(586));
    // numpy: the mean of the JAN column for 1950..1998 is 24.341428571428573 (49 years).
    QVERIFY(std::abs(data.climatology[0].predict(utcDateTime(QDate(2005, 1, 1), QTime(0, 0)))
                     - 24.341428571428573)
            < 1e-9);
    // The first validation window forecasts from the origin before its first target.
    const ForecastWindow w = data.forecastWindow(0);
    QCOMPARE(w.targetTimes.front().date(), w.origin.date().addMonths(1));
}

void TestSeriesTrainingDataBuilder::seasonFollowsTheFrequency()
{
    using Unit = SeriesFrequency::Unit;
    QCOMPARE(int(SeriesTrainingDataBuilder::seasonFor({ Unit::Month, 1 })), int(Season::MonthOfYear));
    QCOMPARE(int(SeriesTrainingDataBuilder::seasonFor({ Unit::Week, 1 })), int(Season::WeekOfYear));
    QCOMPARE(int(SeriesTrainingDataBuilder::seasonFor({ Unit::Day, 1 })), int(Season::DayOfYear));
    QCOMPARE(int(SeriesTrainingDataBuilder::seasonFor({ Unit::Hour, 1 })), int(Season::HourOfDay));
    QCOMPARE(int(SeriesTrainingDataBuilder::seasonFor({ Unit::Year, 1 })), int(Season::None));
}

void TestSeriesTrainingDataBuilder::seriesAutoencoder()
{
    // A daily CSV with two columns and one gap in "b": with no gap filling, the windows of 5 days
    // that hold it are skipped.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("daily.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("date;a;b\n");
    for (int d = 0; d < 40; ++d)
        file.write(QStringLiteral("%1;%2;%3\n")
                       .arg(QDate(2021, 3, 1).addDays(d).toString(Qt::ISODate))
                       .arg(d)
                       .arg(d == 10 ? QStringLiteral("NA") : QString::number(2 * d))
                       .toUtf8());
    file.close();
    TaskConfig task;
    task.kind = TaskKind::SeriesAutoencoder;
    task.series.seriesLayer = QStringLiteral("series");
    task.series.inputs = { QStringLiteral("a"), QStringLiteral("b") };
    task.series.lookback = 5;
    task.series.gapFill = GapFillMethod::None;
    const TrainingData data = SeriesTrainingDataBuilder::build(seriesProject(path), task, 1);
    // 36 windows, 5 of them hold day 10; 31 left, round(6.2) = 6 validate, 4 overlap them.
    QCOMPARE(data.validation->size(), std::size_t(6));
    QCOMPARE(data.train->size(), std::size_t(21));
    QCOMPARE(data.train->inputShape(), (std::vector<std::int64_t> { 5, 2 }));
    QCOMPARE(data.train->targetShape(), data.train->inputShape());
    QCOMPARE(data.inputChannels, (QStringList { QStringLiteral("a"), QStringLiteral("b") }));
    Sample s;
    data.train->sample(3, s, nullptr);
    QCOMPARE(s.target, s.input);
    QVERIFY(std::abs(data.normalizer.denormalize(s.input[1], 1)
                     - 2.0 * data.normalizer.denormalize(s.input[0], 0))
            < 1e-4);
    QVERIFY(!data.forecastWindow);
}

void TestSeriesTrainingDataBuilder::badInputsAreDataErrors()
{
    const QString co2 = test::samplePath(QStringLiteral("datasets/co2/co2.csv"));
    const Project project = seriesProject(co2);
    QString path;

    TaskConfig task = forecastTask(52, 4, GapFillMethod::Linear);
    task.series.targets = { QStringLiteral("ch4") };
    QString cause = test::dataErrorCause([&] { SeriesTrainingDataBuilder::build(project, task, 1); }, &path);
    QCOMPARE(path, co2);
    QVERIFY2(cause.contains(QStringLiteral("\"ch4\"")) && cause.contains(QStringLiteral("available: co2")),
             qPrintable(cause));

    task = forecastTask(2200, 100, GapFillMethod::Linear);
    cause = test::dataErrorCause([&] { SeriesTrainingDataBuilder::build(project, task, 1); }, &path);
    QCOMPARE(path, co2);
    QVERIFY2(cause.contains(QStringLiteral("2284")) && cause.contains(QStringLiteral("2300")),
             qPrintable(cause));

    task = forecastTask(52, 4, GapFillMethod::Linear);
    task.series.seriesLayer = QStringLiteral("rainfall");
    cause = test::dataErrorCause([&] { SeriesTrainingDataBuilder::build(project, task, 1); }, &path);
    QCOMPARE(path, project.filePath);
    QVERIFY2(cause.contains(QStringLiteral("rainfall")), qPrintable(cause));

    task.series.seriesLayer = QStringLiteral("image");
    cause = test::dataErrorCause([&] { SeriesTrainingDataBuilder::build(project, task, 1); }, &path);
    QVERIFY2(cause.contains(QStringLiteral("must be series")), qPrintable(cause));

    // Windows so long that every one holds an empty value (no gap filling).
    task = forecastTask(1200, 4, GapFillMethod::None);
    cause = test::dataErrorCause([&] { SeriesTrainingDataBuilder::build(project, task, 1); }, &path);
    QVERIFY2(cause.contains(QStringLiteral("free of missing values")), qPrintable(cause));
}

QTEST_GUILESS_MAIN(TestSeriesTrainingDataBuilder)
#include "testseriestrainingdatabuilder.moc"
