#include "common/dataerror.h"
#include "common/qtcompat.h"
#include "export/exportedmodel.h"
#include "export/modelexporter.h"
#include "filesizelimit.h"
#include "inference/seriesforecaster.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"
#include "jobs/jobrunner.h"
#include "testdata.h"
#include "training/trainingjob.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>
#include <memory>
#include <set>

using namespace deepterra;

// Forecasts of a small LSTM trained here (two seeded epochs on the weekly Mauna Loa CO2 series).
class TestSeriesForecaster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void forecastsTheFutureFromTheLastWindow();
    void rollingForecastMatchesTheValidationScore();
    void tailShareForecastsOnlyTheLatestWindows();
    void missingColumnIsAClearError();
    void exportedModelGivesTheSameForecast();
    void failedCsvWriteKeepsThePreviousFile();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TrainedModel> m_model;
    double m_validationRmse = 0.0;
    static constexpr int kHorizon = 4;
};

void TestSeriesForecaster::initTestCase()
{
    const QJsonObject project {
        { QStringLiteral("format"), QStringLiteral("deepterra-project") },
        { QStringLiteral("version"), 1 },
        { QStringLiteral("name"), QStringLiteral("co2") },
        { QStringLiteral("layers"),
          QJsonArray { QJsonObject {
              { QStringLiteral("id"), QStringLiteral("co2") },
              { QStringLiteral("kind"), QStringLiteral("series") },
              { QStringLiteral("path"), test::samplePath(QStringLiteral("datasets/co2/co2.csv")) } } } },
        { QStringLiteral("task"),
          QJsonObject { { QStringLiteral("type"), QStringLiteral("forecasting") },
                        { QStringLiteral("series"), QStringLiteral("co2") },
                        { QStringLiteral("targets"), QJsonArray { QStringLiteral("co2") } },
                        { QStringLiteral("lookback"), 26 },
                        { QStringLiteral("horizon"), kHorizon } } },
        { QStringLiteral("model"),
          QJsonObject { { QStringLiteral("type"), QStringLiteral("recurrent") },
                        { QStringLiteral("cell"), QStringLiteral("lstm") },
                        { QStringLiteral("hiddenSize"), 16 },
                        { QStringLiteral("layers"), 1 } } },
        { QStringLiteral("training"),
          QJsonObject { { QStringLiteral("epochs"), 2 },
                        { QStringLiteral("batchSize"), 64 },
                        { QStringLiteral("learningRate"), 3e-3 },
                        { QStringLiteral("seed"), 7 },
                        { QStringLiteral("device"), QStringLiteral("cpu") } } }
    };
    const QString projectPath = m_dir.filePath(QStringLiteral("co2.deepterra"));
    QFile file(projectPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(project).toJson());
    file.close();
    TrainingRequest training;
    training.projectPath = projectPath;
    training.outputFolder = m_dir.filePath(QStringLiteral("run"));
    training.threads = 2;
    TrainingJob job(training);
    Feedback feedback;
    const JobResult result = JobRunner::runBlocking(job, feedback);
    QVERIFY2(result.succeeded(), qPrintable(result.error));
    m_validationRmse = job.outcome().bestMetrics.value(QStringLiteral("val_rmse"));
    m_model = std::make_unique<TrainedModel>(TrainedModel::loadRun(m_dir.filePath(QStringLiteral("run"))));
    QVERIFY(m_model->metadata().relativeTargets());
}

void TestSeriesForecaster::forecastsTheFutureFromTheLastWindow()
{
    ForecastRequest request;
    request.series = test::samplePath(QStringLiteral("datasets/co2/co2.csv"));
    request.output = m_dir.filePath(QStringLiteral("future.csv"));
    const SeriesForecaster forecaster(*m_model);
    const std::vector<ForecastRow> rows = forecaster.forecast(request);
    QCOMPARE(int(rows.size()), kHorizon);
    SeriesForecaster::writeCsv(rows, request.output);

    QFile csv(request.output);
    QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), kHorizon + 1);
    QCOMPARE(lines.front(), QStringLiteral("time,origin,horizon,column,value,observed"));
    // co2.csv is weekly and ends on 2001-12-29 (`tail -1 co2.csv`): the forecast covers the next
    // four Saturdays, from that origin, with nothing observed.
    for (int h = 1; h <= kHorizon; ++h) {
        const QStringList fields = lines.at(h).split(QLatin1Char(','));
        QCOMPARE(fields.size(), 6);
        QCOMPARE(fields.at(1), QStringLiteral("2001-12-29T00:00:00Z"));
        QCOMPARE(QDateTime::fromString(fields.at(0), Qt::ISODate),
                 utcDateTime(QDate(2001, 12, 29), QTime(0, 0)).addDays(7 * h));
        QCOMPARE(fields.at(2).toInt(), h);
        QCOMPARE(fields.at(3), QStringLiteral("co2"));
        QVERIFY(fields.at(5).isEmpty());
        // CO2 was about 371 ppm at the end of 2001 and rises about 1.5 ppm a year.
        const double value = fields.at(4).toDouble();
        QVERIFY2(value > 365.0 && value < 377.0, qPrintable(fields.at(4)));
    }
}

void TestSeriesForecaster::rollingForecastMatchesTheValidationScore()
{
    ForecastRequest request;
    request.series = test::samplePath(QStringLiteral("datasets/co2/co2.csv"));
    request.rolling = true;
    const std::vector<ForecastRow> rows = SeriesForecaster(*m_model).forecast(request);
    // Validation scored the last 20 % of the complete windows (all targets observed) with the same
    // network: recomputing that RMSE from the rolling forecast must give the run's val_rmse.
    std::vector<QDateTime> origins;
    std::map<QDateTime, int> observed;
    for (const ForecastRow &row : rows) {
        if (origins.empty() || origins.back() != row.origin)
            origins.push_back(row.origin);
        if (std::isfinite(row.observed))
            ++observed[row.origin];
    }
    std::vector<QDateTime> complete;
    for (const QDateTime &origin : origins)
        if (observed[origin] == kHorizon)
            complete.push_back(origin);
    const std::size_t validation = std::size_t(std::lround(0.2 * double(complete.size())));
    const std::set<QDateTime> scored(complete.end() - std::ptrdiff_t(validation), complete.end());
    double squares = 0.0;
    std::size_t count = 0;
    for (const ForecastRow &row : rows) {
        if (!scored.count(row.origin))
            continue;
        squares += (row.value - row.observed) * (row.value - row.observed);
        ++count;
    }
    const double rmse = std::sqrt(squares / double(count));
    qInfo("rolling RMSE %.5f ppm over %zu values, run's val_rmse %.5f ppm", rmse, count, m_validationRmse);
    QVERIFY(m_validationRmse > 0.0);
    QVERIFY2(std::abs(rmse - m_validationRmse) < 0.02 * m_validationRmse,
             qPrintable(QStringLiteral("%1 vs %2").arg(rmse).arg(m_validationRmse)));
}

void TestSeriesForecaster::tailShareForecastsOnlyTheLatestWindows()
{
    ForecastRequest request;
    request.series = test::samplePath(QStringLiteral("datasets/co2/co2.csv"));
    request.rolling = true;
    const std::vector<ForecastRow> all = SeriesForecaster(*m_model).forecast(request);
    request.tailShare = 0.2;
    const std::vector<ForecastRow> tail = SeriesForecaster(*m_model).forecast(request);
    std::set<QDateTime> allOrigins;
    std::set<QDateTime> tailOrigins;
    for (const ForecastRow &row : all)
        allOrigins.insert(row.origin);
    for (const ForecastRow &row : tail)
        tailOrigins.insert(row.origin);
    QCOMPARE(tailOrigins.size(), std::size_t(std::ceil(0.2 * double(allOrigins.size()))));
    // The latest origins, forecast as in the full run (batches differ, so float sums may round apart).
    QCOMPARE(*tailOrigins.rbegin(), *allOrigins.rbegin());
    QCOMPARE(tail.size(), tailOrigins.size() * kHorizon);
    const std::size_t skipped = all.size() - tail.size();
    for (std::size_t i = 0; i < tail.size(); ++i) {
        QCOMPARE(tail[i].origin, all[skipped + i].origin);
        QVERIFY(std::abs(tail[i].value - all[skipped + i].value) < 1e-4);
    }
}

void TestSeriesForecaster::missingColumnIsAClearError()
{
    const QString csv = m_dir.filePath(QStringLiteral("other.csv"));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("date,ch4\n2001-01-01,1\n2001-01-08,2\n");
    file.close();
    ForecastRequest request;
    request.series = csv;
    QString path;
    const QString cause = test::dataErrorCause([&] { SeriesForecaster(*m_model).forecast(request); }, &path);
    QCOMPARE(path, csv);
    QVERIFY2(cause.startsWith(QStringLiteral("the model needs the input column \"co2\"")), qPrintable(cause));
}

void TestSeriesForecaster::exportedModelGivesTheSameForecast()
{
    // Exported as deepterra-cli export does it; loaded with the card inside the .pt, and with the
    // card file.
    const QString pt = m_dir.filePath(QStringLiteral("lstm.pt"));
    const QString card = m_dir.filePath(QStringLiteral("lstm.json"));
    ModelExporter::exportRun(*m_model, ExportFormat::TorchScript, pt);
    ModelExporter::exportRun(*m_model, ExportFormat::Card, card);
    ForecastRequest request;
    request.series = test::samplePath(QStringLiteral("datasets/co2/co2.csv"));
    request.rolling = true;
    const std::vector<ForecastRow> expected = SeriesForecaster(*m_model).forecast(request);
    QVERIFY(expected.size() > 1000);
    for (const QString &cardPath : { QString(), card }) {
        const ExportedModel exported = ExportedModel::load(pt, cardPath);
        const std::vector<ForecastRow> rows = SeriesForecaster(exported).forecast(request);
        QCOMPARE(rows.size(), expected.size());
        // The module runs the engine's LSTM on the same weights and the card brings the run's
        // normalisers and relative targets: the same ppm values.
        double largest = 0.0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            QCOMPARE(rows[i].time, expected[i].time);
            QCOMPARE(rows[i].origin, expected[i].origin);
            QCOMPARE(rows[i].horizon, expected[i].horizon);
            QCOMPARE(rows[i].column, expected[i].column);
            QCOMPARE(std::isfinite(rows[i].observed), std::isfinite(expected[i].observed));
            largest = std::max(largest, std::abs(rows[i].value - expected[i].value));
        }
        qInfo("largest difference %.3g ppm", largest);
        QVERIFY2(largest <= 1e-5, qPrintable(QString::number(largest)));
    }
}

void TestSeriesForecaster::failedCsvWriteKeepsThePreviousFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("forecast.csv"));
    const auto rowsOf = [](int count) {
        std::vector<ForecastRow> rows(static_cast<std::size_t>(count));
        for (int i = 0; i < count; ++i) {
            rows[std::size_t(i)].time = QDateTime(QDate(2020, 1, 1).addDays(i), QTime(0, 0), Qt::UTC);
            rows[std::size_t(i)].origin = rows[std::size_t(i)].time;
            rows[std::size_t(i)].column = QStringLiteral("co2");
            rows[std::size_t(i)].value = 410.0 + i;
        }
        return rows;
    };
    SeriesForecaster::writeCsv(rowsOf(5), path);
    SeriesForecaster::writeCsv(rowsOf(3), path); // replaces
    const QByteArray previous = deepterra::test::fileBytes(path);
    QCOMPARE(previous.count('\n'), 4);

    QString named;
    QString cause;
    {
        deepterra::test::FileSizeLimit limit(32 * 1024);
        if (!limit.active())
            QSKIP("file-size limits are a Unix test");
        cause = deepterra::test::dataErrorCause([&] { SeriesForecaster::writeCsv(rowsOf(5000), path); },
                                                &named);
    }
    QCOMPARE(named, path);
    QVERIFY2(cause.startsWith(QStringLiteral("cannot write the forecast")), qPrintable(cause));
    QVERIFY2(cause.contains(QStringLiteral("File too large")), qPrintable(cause));
    QCOMPARE(deepterra::test::fileBytes(path), previous);
    QCOMPARE(deepterra::test::folderEntries(dir.path()), QStringList { QStringLiteral("forecast.csv") });
}

QTEST_GUILESS_MAIN(TestSeriesForecaster)
#include "testseriesforecaster.moc"
