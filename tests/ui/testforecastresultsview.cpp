// The results view of a forecasting run, driven through the main window: a short seeded LSTM run
// on the weekly Mauna Loa CO2 sample, opened with Model ▸ Results of the Run; the plot must hold the
// validation forecasts and the horizon beyond the series, and the scores must be the run's.

#include "workspacetest.h"

#include "common/qtcompat.h"
#include "jobs/feedback.h"
#include "jobs/jobrunner.h"
#include "results/forecastresultsview.h"
// The workbench's QPointer members need their classes complete wherever its header is read.
#include "results/exportdialog.h"
#include "results/predictiondialog.h"
#include "results/resultsworkbench.h"
#include "series/qcustomplotinclude.h"
#include "testdata.h"
#include "training/runspanel.h"
#include "training/trainingjob.h"
#include "training/trainingworkbench.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QTableWidget>
#include <QTemporaryDir>

#include <cmath>
#include <utility>

using namespace deepterra;

namespace {

constexpr int kHorizon = 4;

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

double shownScore(const ForecastResultsView *view, int row)
{
    return view->scores()->item(row, 0)->data(ForecastResultsView::kValueRole).toDouble();
}

bool sameScore(double shown, double expected)
{
    return (std::isnan(shown) && std::isnan(expected)) || std::abs(shown - expected) <= 1e-12;
}

} // namespace

class TestForecastResultsView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void plotShowsValidationAndHorizon();
    void rmseIsTheRunsValidationRmse();
    void scoresAreTheForecastEvaluation();
    void statisticalBaselinesAreShown();
    void runThatCannotBeForecastSaysWhy();
    void testSplitIsShownApart();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    QString m_run;
    MainWindow *m_window = nullptr;
    ForecastResultsView *m_view = nullptr;
};

void TestForecastResultsView::initTestCase()
{
    test::isolateSettings(QStringLiteral("TestForecastResultsView"));
    QVERIFY(m_dir.isValid());
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
          QJsonObject {
              { QStringLiteral("type"), QStringLiteral("forecasting") },
              { QStringLiteral("series"), QStringLiteral("co2") },
              { QStringLiteral("targets"), QJsonArray { QStringLiteral("co2") } },
              { QStringLiteral("lookback"), 26 },
              { QStringLiteral("horizon"), kHorizon },
              // The last tenth held out: the view scores validation alone, and shows the
              // test figures apart.
              { QStringLiteral("split"), QJsonObject { { QStringLiteral("testFraction"), 0.1 } } } } },
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

    // Trained headless (the app trains through the same job): the test is about the results view.
    TrainingRequest request;
    request.projectPath = projectPath;
    request.threads = 2;
    TrainingJob job(request);
    Feedback feedback;
    const JobResult result = JobRunner::runBlocking(job, feedback);
    QVERIFY2(result.succeeded(), qPrintable(result.error));
    m_run = job.runFolder();

    m_window = new MainWindow;
    m_window->setSavePrompt([] { return MainWindow::SaveChoice::Discard; });
    m_window->resize(1200, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QSignalSpy loaded(m_window, &MainWindow::projectLoaded);
    m_window->openProject(projectPath);
    QVERIFY(loaded.wait(20000));
    QTRY_COMPARE_WITH_TIMEOUT(int(m_window->training()->runsPanel()->runs().size()), 1, 10000);

    auto *action = m_window->findChild<QAction *>(QStringLiteral("resultsAction"));
    QVERIFY(action);
    QTRY_VERIFY(action->isEnabled());
    action->trigger();
    m_view = m_window->results()->forecastResultsView();
    QVERIFY(m_view);
    QVERIFY(m_window->results()->forecastResultsDock()->isVisible());
    // A forecasting run does not open the class view.
    QVERIFY(!m_window->results()->resultsView());
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isLoading(), 30000);
    QVERIFY2(m_view->hasResults(), qPrintable(m_view->message()->text()));
    QCOMPARE(m_view->runFolder(), m_run);
}

void TestForecastResultsView::plotShowsValidationAndHorizon()
{
    const ForecastRunResults &results = m_view->results();
    QCOMPARE(results.column, QStringLiteral("co2"));
    // co2.csv has about 2,200 weekly rows; a fifth is validation.
    const int validation = results.validationTimesMs.size();
    QVERIFY2(validation > 300 && validation < 600, qPrintable(QString::number(validation)));
    // Validation's one-step forecasts, then the held-out test period's (testSplitIsShownApart).
    const int test = results.testTimesMs.size();
    QCOMPARE(m_view->observedGraph()->dataCount(), validation + test);
    QCOMPARE(m_view->forecastGraph()->dataCount(), validation + test);
    // The one-step forecasts follow the observations (ppm around 370, a small error).
    for (int i = 0; i < validation; ++i)
        QVERIFY(std::abs(results.validationForecast[i] - results.validationObserved[i]) < 5.0);

    // The series ends on 2001-12-29; the future forecast is the next four Saturdays, after every
    // validation point, with the horizon shaded from the series' end to its last step.
    const double end = utcDateTime(QDate(2001, 12, 29), QTime(0, 0)).toMSecsSinceEpoch() / 1000.0;
    QCOMPARE(m_view->futureGraph()->dataCount(), kHorizon);
    const auto future = m_view->futureGraph()->data();
    for (int h = 0; h < kHorizon; ++h) {
        QCOMPARE(future->at(h)->key, end + 7 * 86400.0 * (h + 1));
        QVERIFY(future->at(h)->value > 365.0 && future->at(h)->value < 377.0);
    }
    QVERIFY(m_view->observedGraph()->data()->at(validation - 1)->key <= end);
    QVERIFY(m_view->horizonSpan()->visible());
    QCOMPARE(m_view->horizonSpan()->topLeft->coords().x(), end);
    QCOMPARE(m_view->horizonSpan()->bottomRight->coords().x(), end + 7 * 86400.0 * kHorizon);
    // The axis shows the horizon, not only the validation period.
    QVERIFY(m_view->plot()->xAxis->range().upper >= end + 7 * 86400.0 * kHorizon);
    test::shoot(*m_window, QStringLiteral("results-forecast-run"));
}

void TestForecastResultsView::rmseIsTheRunsValidationRmse()
{
    const QJsonObject metrics = readJson(QDir(m_run).filePath(QStringLiteral("metrics.json")));
    const double valRmse
        = metrics.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("val_rmse")).toDouble();
    QVERIFY2(valRmse > 0.0, qPrintable(QStringList(metrics.keys()).join(QLatin1Char(','))));
    const double shown = shownScore(m_view, ForecastResultsView::RmseRow);
    qInfo("shown RMSE %.5f ppm, metrics.json val_rmse %.5f ppm", shown, valRmse);
    QVERIFY2(std::abs(shown - valRmse) < 0.02 * valRmse,
             qPrintable(QStringLiteral("%1 vs %2").arg(shown).arg(valRmse)));
    QCOMPARE(m_view->scores()->item(ForecastResultsView::RmseRow, 0)->text(), QString::number(shown, 'g', 4));
}

void TestForecastResultsView::scoresAreTheForecastEvaluation()
{
    const ForecastRunResults &results = m_view->results();
    // Every horizon step of every validation window is scored.
    QCOMPARE(int(results.samples.size()), kHorizon * results.validationTimesMs.size());
    const ForecastEvaluation e = ForecastEvaluation::compute(results.samples, results.climatology,
                                                             results.seasonalNaive, results.autoregressive);
    QCOMPARE(e.model.count, qint64(results.samples.size()));
    QVERIFY(!results.climatology.isEmpty());
    QVERIFY(sameScore(shownScore(m_view, ForecastResultsView::RmseRow), e.model.rmse));
    QVERIFY(sameScore(shownScore(m_view, ForecastResultsView::MaeRow), e.model.mae));
    QVERIFY(sameScore(shownScore(m_view, ForecastResultsView::NseRow), e.model.nse));
    QVERIFY(sameScore(shownScore(m_view, ForecastResultsView::SkillPersistenceRow), e.skillVsPersistence));
    QVERIFY(sameScore(shownScore(m_view, ForecastResultsView::SkillClimatologyRow), e.skillVsClimatology));
    // Computed by hand from the samples: the skill is the model's MSE against persistence's.
    double model = 0.0, persistence = 0.0;
    for (const ForecastSample &s : results.samples) {
        model += (s.predicted - s.observed) * (s.predicted - s.observed);
        persistence += (s.lastObserved - s.observed) * (s.lastObserved - s.observed);
    }
    QVERIFY(
        std::abs(shownScore(m_view, ForecastResultsView::SkillPersistenceRow) - (1.0 - model / persistence))
        < 1e-9);
    // The run scored the same samples: its persistence skill is the one shown.
    const QJsonObject best = readJson(QDir(m_run).filePath(QStringLiteral("metrics.json")))
                                 .value(QStringLiteral("metrics"))
                                 .toObject();
    QVERIFY(best.contains(QStringLiteral("val_skill_persistence")));
    const double runSkill = best.value(QStringLiteral("val_skill_persistence")).toDouble();
    qInfo("skill vs persistence: shown %.5f, run %.5f", e.skillVsPersistence, runSkill);
    QVERIFY2(std::abs(e.skillVsPersistence - runSkill) < 0.02 * std::max(0.1, std::abs(runSkill)),
             qPrintable(QStringLiteral("%1 vs %2").arg(e.skillVsPersistence).arg(runSkill)));
    const double runClimatologySkill = best.value(QStringLiteral("val_skill_climatology")).toDouble();
    QVERIFY(best.contains(QStringLiteral("val_skill_climatology")));
    QVERIFY2(std::abs(e.skillVsClimatology - runClimatologySkill)
                 < 0.02 * std::max(0.1, std::abs(runClimatologySkill)),
             qPrintable(QStringLiteral("%1 vs %2").arg(e.skillVsClimatology).arg(runClimatologySkill)));
}

void TestForecastResultsView::statisticalBaselinesAreShown()
{
    const ForecastRunResults &results = m_view->results();
    const ForecastEvaluation &e = results.evaluation;
    // Weekly CO2 with years of training: a season of 52 weeks and an AR model, scored on every sample.
    QCOMPARE(results.seasonalNaive.seasonLength(), 52);
    QVERIFY(!results.autoregressive.isEmpty());
    QCOMPARE(e.seasonalNaive.count, qint64(results.samples.size()));
    QCOMPARE(e.autoregressive.count, qint64(results.samples.size()));
    QVERIFY(
        sameScore(shownScore(m_view, ForecastResultsView::SkillSeasonalNaiveRow), e.skillVsSeasonalNaive));
    QVERIFY(
        sameScore(shownScore(m_view, ForecastResultsView::SkillAutoregressiveRow), e.skillVsAutoregressive));
    QVERIFY(std::isfinite(e.skillVsSeasonalNaive));
    QVERIFY(std::isfinite(e.skillVsAutoregressive));
    QCOMPARE(m_view->scores()->item(ForecastResultsView::SkillAutoregressiveRow, 0)->text(),
             QString::number(e.skillVsAutoregressive, 'g', 4));
    QCOMPARE(m_view->scores()->verticalHeaderItem(ForecastResultsView::SkillSeasonalNaiveRow)->text(),
             QStringLiteral("Skill vs seasonal naive (52 steps)"));
    QCOMPARE(m_view->scores()->verticalHeaderItem(ForecastResultsView::SkillAutoregressiveRow)->text(),
             QStringLiteral("Skill vs AR(%1)").arg(results.autoregressive.order()));
    // By hand: the seasonal naive's MSE against the model's on the same samples.
    double model = 0.0, seasonal = 0.0;
    for (const ForecastSample &s : results.samples) {
        model += (s.predicted - s.observed) * (s.predicted - s.observed);
        seasonal += (s.seasonalNaive - s.observed) * (s.seasonalNaive - s.observed);
    }
    QVERIFY(std::abs(e.skillVsSeasonalNaive - (1.0 - model / seasonal)) < 1e-9);

    // The run fitted the same AR model and scored the same baselines.
    const QJsonObject metrics = readJson(QDir(m_run).filePath(QStringLiteral("metrics.json")));
    const QJsonObject co2 = metrics.value(QStringLiteral("details"))
                                .toObject()
                                .value(QStringLiteral("forecast"))
                                .toObject()
                                .value(QStringLiteral("co2"))
                                .toObject();
    const QJsonObject ar = co2.value(QStringLiteral("autoregressiveModel")).toObject();
    QCOMPARE(ar.value(QStringLiteral("order")).toInt(), results.autoregressive.order());
    QCOMPARE(ar.value(QStringLiteral("intercept")).toDouble(), results.autoregressive.intercept());
    QCOMPARE(co2.value(QStringLiteral("seasonLength")).toInt(), 52);
    const QJsonObject best = metrics.value(QStringLiteral("metrics")).toObject();
    for (const auto &[key, shown] : { std::pair { "val_skill_seasonal_naive", e.skillVsSeasonalNaive },
                                      std::pair { "val_skill_autoregressive", e.skillVsAutoregressive } }) {
        QVERIFY2(best.value(QLatin1String(key)).isDouble(), key);
        const double run = best.value(QLatin1String(key)).toDouble();
        qInfo("%s: shown %.5f, run %.5f", key, shown, run);
        QVERIFY2(std::abs(shown - run) < 0.02 * std::max(0.1, std::abs(run)),
                 qPrintable(QStringLiteral("%1: %2 vs %3").arg(QLatin1String(key)).arg(shown).arg(run)));
    }
    QVERIFY2(m_view->findChild<QLabel *>(QStringLiteral("forecastResultsSummary"))
                 ->text()
                 .contains(QStringLiteral("AR(%1)").arg(results.autoregressive.order())),
             "the summary names the AR order");
}

void TestForecastResultsView::runThatCannotBeForecastSaysWhy()
{
    ForecastResultsView view;
    QSignalSpy loaded(&view, &ForecastResultsView::loaded);
    view.showRun(m_dir.filePath(QStringLiteral("no-such-run")));
    QVERIFY(loaded.wait(10000));
    QVERIFY(!view.hasResults());
    QVERIFY2(view.message()->text().startsWith(QStringLiteral("Cannot show the results of")),
             qPrintable(view.message()->text()));
}

void TestForecastResultsView::testSplitIsShownApart()
{
    const QJsonObject test = readJson(QDir(m_run).filePath(QStringLiteral("metrics.json")))
                                 .value(QStringLiteral("test"))
                                 .toObject();
    const double testRmse
        = test.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("test_rmse")).toDouble();
    QVERIFY(testRmse > 0.0);
    // A second column beside validation's, with the run's test figures.
    QCOMPARE(m_view->scores()->columnCount(), 2);
    QCOMPARE(m_view->scores()->horizontalHeaderItem(1)->text(), QStringLiteral("Test (held out)"));
    QCOMPARE(m_view->scores()
                 ->item(ForecastResultsView::RmseRow, 1)
                 ->data(ForecastResultsView::kValueRole)
                 .toDouble(),
             testRmse);
    QCOMPARE(m_view->scores()->item(ForecastResultsView::RmseRow, 1)->text(),
             QString::number(testRmse, 'g', 4));
    auto *summary = m_view->findChild<QLabel *>(QStringLiteral("forecastResultsSummary"));
    QVERIFY(summary);
    QVERIFY2(summary->text().contains(QStringLiteral("examples held out, scored once")),
             qPrintable(summary->text()));
    // The validation plot ends where the test period begins.
    const QDateTime testStart
        = QDateTime::fromString(readJson(QDir(m_run).filePath(QStringLiteral("config.json")))
                                    .value(QStringLiteral("data"))
                                    .toObject()
                                    .value(QStringLiteral("testPeriod"))
                                    .toArray()
                                    .at(0)
                                    .toString(),
                                Qt::ISODate);
    QVERIFY(testStart.isValid());
    const ForecastRunResults &r = m_view->results();
    QVERIFY(!r.validationTimesMs.isEmpty());
    QVERIFY(r.validationTimesMs.last() < double(testStart.toMSecsSinceEpoch()));

    // The test period is drawn after validation, shaded, with its one-step forecasts: a tenth of
    // the ~2,200 weeks, every forecast within a few ppm of the observation.
    QVERIFY2(r.testTimesMs.size() > 150 && r.testTimesMs.size() < 260,
             qPrintable(QString::number(r.testTimesMs.size())));
    QCOMPARE(r.testTimesMs.first(), double(testStart.toMSecsSinceEpoch()));
    for (int i = 0; i < r.testTimesMs.size(); ++i)
        QVERIFY(std::abs(r.testForecast[i] - r.testObserved[i]) < 5.0);
    QVERIFY(m_view->testPeriodSpan()->visible());
    QCOMPARE(m_view->testPeriodSpan()->topLeft->coords().x(), testStart.toMSecsSinceEpoch() / 1000.0);
    QCOMPARE(m_view->testPeriodSpan()->bottomRight->coords().x(), r.testEndMs / 1000.0);
}

void TestForecastResultsView::cleanupTestCase()
{
    delete m_window;
}

QTEST_MAIN(TestForecastResultsView)
#include "testforecastresultsview.moc"
