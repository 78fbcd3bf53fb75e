#include "common/qtcompat.h"
#include "metrics/forecastevaluation.h"

#include <QJsonArray>
#include <QtTest>

#include <cmath>
#include <limits>
#include <vector>

using namespace deepterra;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QDateTime month(int year, int m)
{
    return utcDateTime(QDate(year, m, 1), QTime(0, 0));
}

bool near(double actual, double expected)
{
    return std::abs(actual - expected) <= 1e-12 * std::max(1.0, std::abs(expected));
}

// Training years 2001-2002 of a monthly series: month m is worth m in 2001 and m + 2 in 2002,
// so the monthly climatology is m + 1.
ClimatologyBaseline monthlyClimatology()
{
    std::vector<QDateTime> times;
    std::vector<double> values;
    for (int year : { 2001, 2002 })
        for (int m = 1; m <= 12; ++m) {
            times.push_back(month(year, m));
            values.push_back(m + (year == 2002 ? 2.0 : 0.0));
        }
    return ClimatologyBaseline::fit(times, values, Season::MonthOfYear);
}

// Validation 2003, observed Jan 2, Feb 3, Mar 5, Apr 4, May 6.
std::vector<ForecastSample> validationSamples()
{
    return {
        // horizon 1: origin one month before the target
        { month(2003, 2), 1, 3.0, 3.5, 2.0 },
        { month(2003, 3), 1, 5.0, 4.5, 3.0 },
        { month(2003, 4), 1, 4.0, 4.5, 5.0 },
        { month(2003, 5), 1, 6.0, 5.5, 4.0 },
        // horizon 2: origin two months before
        { month(2003, 3), 2, 5.0, 6.0, 2.0 },
        { month(2003, 4), 2, 4.0, 4.0, 3.0 },
        // left out of every score: no persistence value, no prediction
        { month(2003, 6), 1, 7.0, 6.0, kNaN },
        { month(2003, 6), 2, 7.0, kNaN, 6.0 },
    };
}
} // namespace

class TestForecastEvaluation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void skillAgainstBothBaselines();
    void unfittedClimatologyIsLeftOut();
    void emptySamplesGiveNaN();
    void perfectBaselineLeavesSkillUndefined();
    void perfectForecastAndPersistenceItselfScoreOneAndZero();
    void skillAgainstSeasonalNaiveAndAutoregressive();
    void baselinesWithoutSeasonOrModelAreNull();
};

void TestForecastEvaluation::skillAgainstBothBaselines()
{
    const ForecastEvaluation e = ForecastEvaluation::compute(validationSamples(), monthlyClimatology());
    // By hand, on the 6 complete samples:
    //   model errors        0.5 -0.5 0.5 -0.5 | 1 0   SSE 2   MSE 2/6
    //   persistence errors  -1  -2   1   -2   | -3 -1 SSE 20  MSE 20/6
    //   climatology (m + 1: 3 4 5 6 | 4 5) errors 0 -1 1 0 | -1 1  SSE 4  MSE 4/6
    //   skill vs persistence 1 - 2/20 = 0.9, vs climatology 1 - 2/4 = 0.5
    // python3 -c "import numpy as np; o=np.array([3,5,4,6,5,4.]); p=np.array([3.5,4.5,4.5,5.5,6,4]);
    //   l=np.array([2,3,5,4,2,3.]); c=np.array([3,4,5,6,4,5.]); m=lambda x: np.mean((x-o)**2);
    //   print(1-m(p)/m(l), 1-m(p)/m(c))"  -> 0.9 0.5
    QCOMPARE(e.model.count, qint64(6));
    QCOMPARE(e.persistence.count, qint64(6));
    QCOMPARE(e.climatology.count, qint64(6));
    QCOMPARE(e.skipped, qint64(2));
    QVERIFY(near(e.model.mse, 2.0 / 6.0));
    QVERIFY(near(e.persistence.mse, 20.0 / 6.0));
    QVERIFY(near(e.climatology.mse, 4.0 / 6.0));
    QVERIFY(near(e.skillVsPersistence, 0.9));
    QVERIFY(near(e.skillVsClimatology, 0.5));
    QCOMPARE(e.climatologySeason, Season::MonthOfYear);

    // Per horizon: step 1 errors +-0.5 -> RMSE 0.5; step 2 errors 1, 0 -> RMSE sqrt(1/2).
    QCOMPARE(int(e.perHorizon.size()), 2);
    QCOMPARE(e.perHorizon[0].first, 1);
    QCOMPARE(e.perHorizon[0].second.count, qint64(4));
    QVERIFY(near(e.perHorizon[0].second.rmse, 0.5));
    QCOMPARE(e.perHorizon[1].first, 2);
    QCOMPARE(e.perHorizon[1].second.count, qint64(2));
    QVERIFY(near(e.perHorizon[1].second.rmse, std::sqrt(0.5)));

    const QJsonObject json = e.toJson();
    QVERIFY(near(json.value(QStringLiteral("skillVsPersistence")).toDouble(), 0.9));
    QCOMPARE(json.value(QStringLiteral("climatologySeason")).toString(), QStringLiteral("month"));
    QCOMPARE(json.value(QStringLiteral("model")).toObject().value(QStringLiteral("count")).toInteger(),
             qint64(6));
    const QJsonArray horizons = json.value(QStringLiteral("perHorizon")).toArray();
    QCOMPARE(horizons.size(), 2);
    QCOMPARE(horizons.at(1).toObject().value(QStringLiteral("step")).toInt(), 2);
    QVERIFY(near(horizons.at(1).toObject().value(QStringLiteral("rmse")).toDouble(), std::sqrt(0.5)));
}

void TestForecastEvaluation::unfittedClimatologyIsLeftOut()
{
    const ForecastEvaluation e = ForecastEvaluation::compute(validationSamples(), ClimatologyBaseline());
    QCOMPARE(e.model.count, qint64(6)); // the samples still count
    QVERIFY(near(e.skillVsPersistence, 0.9));
    QCOMPARE(e.climatology.count, qint64(0));
    QVERIFY(std::isnan(e.skillVsClimatology));
    QVERIFY(e.toJson().value(QStringLiteral("skillVsClimatology")).isNull());
}

void TestForecastEvaluation::emptySamplesGiveNaN()
{
    const ForecastEvaluation e = ForecastEvaluation::compute({}, monthlyClimatology());
    QCOMPARE(e.model.count, qint64(0));
    QVERIFY(std::isnan(e.model.rmse));
    QVERIFY(std::isnan(e.skillVsPersistence));
    QVERIFY(std::isnan(e.skillVsClimatology));
    QVERIFY(e.perHorizon.empty());
    const QJsonObject json = e.toJson();
    QVERIFY(json.value(QStringLiteral("skillVsPersistence")).isNull());
    QVERIFY(json.value(QStringLiteral("model")).toObject().value(QStringLiteral("rmse")).isNull());
    QVERIFY(json.value(QStringLiteral("perHorizon")).toArray().isEmpty());
}

void TestForecastEvaluation::perfectBaselineLeavesSkillUndefined()
{
    // A flat series: persistence is exact (MSE 0), so no skill can be measured against it.
    const std::vector<ForecastSample> samples
        = { { month(2003, 1), 1, 5.0, 5.5, 5.0 }, { month(2003, 2), 1, 5.0, 4.0, 5.0 } };
    const ForecastEvaluation e = ForecastEvaluation::compute(samples, ClimatologyBaseline());
    QCOMPARE(e.persistence.mse, 0.0);
    QVERIFY(std::isnan(e.skillVsPersistence));
    QVERIFY(near(e.model.mse, (0.25 + 1.0) / 2.0));
}

void TestForecastEvaluation::perfectForecastAndPersistenceItselfScoreOneAndZero()
{
    std::vector<ForecastSample> perfect = validationSamples();
    perfect.resize(6); // the samples every score counts
    for (ForecastSample &sample : perfect)
        sample.predicted = sample.observed;
    const ForecastEvaluation best = ForecastEvaluation::compute(perfect, monthlyClimatology());
    QVERIFY(near(best.model.nse, 1.0));
    QVERIFY(near(best.skillVsPersistence, 1.0));
    QVERIFY(near(best.skillVsClimatology, 1.0));

    std::vector<ForecastSample> persistence = perfect;
    for (ForecastSample &sample : persistence)
        sample.predicted = sample.lastObserved;
    const ForecastEvaluation same = ForecastEvaluation::compute(persistence, monthlyClimatology());
    QVERIFY(std::abs(same.skillVsPersistence) <= 1e-12);
    QVERIFY(near(same.model.rmse, same.persistence.rmse));
}

void TestForecastEvaluation::skillAgainstSeasonalNaiveAndAutoregressive()
{
    std::vector<ForecastSample> samples = validationSamples();
    // The six counted samples; the seasonal naive cannot forecast the last. The two samples no
    // score counts carry wild baseline values that must not reach any score.
    const double seasonal[] = { 2.0, 4.0, 5.0, 6.0, 3.0, kNaN, 100.0, 100.0 };
    const double autoregressive[] = { 3.0, 5.5, 4.5, 5.0, 4.0, 4.5, 100.0, 100.0 };
    for (std::size_t i = 0; i < samples.size(); ++i) {
        samples[i].seasonalNaive = seasonal[i];
        samples[i].autoregressive = autoregressive[i];
    }
    const AutoregressiveModel ar = AutoregressiveModel::fit({ 1.0, 3.0, 2.0, 4.0, 3.0, 5.0, 4.0, 6.0 }, 1);
    QVERIFY(!ar.isEmpty());
    const ForecastEvaluation e
        = ForecastEvaluation::compute(samples, monthlyClimatology(), SeasonalNaive(12), ar);
    // numpy, on the counted samples (o observed, p predicted, s seasonal naive, a AR):
    //   o=np.array([3,5,4,6,5,4.]); p=np.array([3.5,4.5,4.5,5.5,6,4])
    //   s=np.array([2,4,5,6,3,np.nan]); a=np.array([3,5.5,4.5,5,4,4.5]); k=~np.isnan(s)
    //   m=lambda x,sel: np.mean((x[sel]-o[sel])**2)
    //   m(s,k), m(p,k), 1-m(p,k)/m(s,k)   -> 1.4 0.4 0.7142857142857142 (= 5/7)
    //   m(a,all), 1-m(p,all)/m(a,all)     -> 0.4583333333333333 0.2727272727272727 (= 3/11)
    //   np.mean(a-o)                      -> -0.08333333333333333
    QCOMPARE(e.model.count, qint64(6)); // the seasonal naive's gap does not drop the model's sample
    QVERIFY(near(e.model.mse, 2.0 / 6.0));
    QCOMPARE(e.seasonalNaive.count, qint64(5));
    QVERIFY(near(e.seasonalNaive.mse, 1.4));
    QVERIFY(near(e.seasonalNaive.rmse, std::sqrt(1.4)));
    QVERIFY(near(e.skillVsSeasonalNaive, 5.0 / 7.0));
    QCOMPARE(e.autoregressive.count, qint64(6));
    QVERIFY(near(e.autoregressive.mse, 2.75 / 6.0));
    QVERIFY(near(e.autoregressive.bias, -0.5 / 6.0));
    QVERIFY(near(e.skillVsAutoregressive, 3.0 / 11.0));
    // The older baselines are untouched by the new ones.
    QVERIFY(near(e.skillVsPersistence, 0.9));
    QVERIFY(near(e.skillVsClimatology, 0.5));

    const QJsonObject json = e.toJson();
    QCOMPARE(json.value(QStringLiteral("seasonLength")).toInt(), 12);
    QVERIFY(near(json.value(QStringLiteral("skillVsSeasonalNaive")).toDouble(), 5.0 / 7.0));
    QVERIFY(near(json.value(QStringLiteral("skillVsAutoregressive")).toDouble(), 3.0 / 11.0));
    QCOMPARE(json.value(QStringLiteral("seasonalNaive")).toObject().value(QStringLiteral("count")).toInt(),
             5);
    QVERIFY(
        near(json.value(QStringLiteral("autoregressive")).toObject().value(QStringLiteral("rmse")).toDouble(),
             std::sqrt(2.75 / 6.0)));
    const QJsonObject model = json.value(QStringLiteral("autoregressiveModel")).toObject();
    QCOMPARE(model.value(QStringLiteral("order")).toInt(), 1);
    QCOMPARE(model.value(QStringLiteral("coefficients")).toArray().at(0).toDouble(), ar.coefficients()[0]);
}

void TestForecastEvaluation::baselinesWithoutSeasonOrModelAreNull()
{
    // A yearly series has no season, a constant training period no AR model: both are left out
    // even where the samples carry values, and the JSON says null rather than a fake 0.
    std::vector<ForecastSample> samples = validationSamples();
    for (ForecastSample &sample : samples)
        sample.seasonalNaive = sample.autoregressive = 4.0;
    const AutoregressiveModel constant = AutoregressiveModel::select(std::vector<double>(40, 2.0), 4);
    const ForecastEvaluation e
        = ForecastEvaluation::compute(samples, monthlyClimatology(), SeasonalNaive(), constant);
    QCOMPARE(e.seasonalNaive.count, qint64(0));
    QCOMPARE(e.autoregressive.count, qint64(0));
    QVERIFY(std::isnan(e.skillVsSeasonalNaive));
    QVERIFY(std::isnan(e.skillVsAutoregressive));
    QCOMPARE(e.model.count, qint64(6));
    const QJsonObject json = e.toJson();
    for (const char *key : { "seasonalNaive", "autoregressive", "skillVsSeasonalNaive",
                             "skillVsAutoregressive", "seasonLength" })
        QVERIFY2(json.value(QLatin1String(key)).isNull(), key);
    // Why there is no AR model stays in the file.
    QVERIFY(json.value(QStringLiteral("autoregressiveModel"))
                .toObject()
                .value(QStringLiteral("note"))
                .toString()
                .contains(QStringLiteral("constant")));
    // The two-argument form, as before the statistical baselines: no model, no note.
    QVERIFY(ForecastEvaluation::compute(samples, monthlyClimatology())
                .toJson()
                .value(QStringLiteral("autoregressiveModel"))
                .isNull());
}

QTEST_GUILESS_MAIN(TestForecastEvaluation)
#include "testforecastevaluation.moc"
