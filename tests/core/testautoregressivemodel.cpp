// AutoregressiveModel against statsmodels' AutoReg and ar_select_order on a series made here:
// the reference values below come from tests/core/statsmodels_autoregressive_reference.py, which
// builds the same series with the same integer and floating-point steps.

#include "metrics/autoregressivemodel.h"

#include <QJsonArray>
#include <QtTest>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using namespace deepterra;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;
constexpr double kTolerance = 1e-6; // the bound; the fit agrees to about 1e-12

// Printed by statsmodels_autoregressive_reference.py:
// statsmodels 0.13.5+dfsg, numpy 1.24.2
// y[0], y[1], y[239]: 18.934409072295335, 18.750888594273697, 20.167684831411105
// AutoReg(y, lags=3, trend='c'): const, y.L1, y.L2, y.L3; sigma2
const std::vector<double> kFixedParams { 10.136665876618517, 0.5623736616247824, -0.15906159410984766,
                                         0.08874029436092723 };
constexpr double kFixedSigma2 = 0.41135798782345095;
// ar_select_order(y, maxlag=12, ic='aic', trend='c').ar_lags = [1, 2, 3, 4, 5, 6]
constexpr int kSelectedOrder = 6;
// AutoReg(y, lags=p, trend='c', hold_back=12).fit().aic for p = 1..12
const std::vector<double> kSameSampleAic { 456.2207055942178,  455.5516815097379,  455.6641796515833,
                                           453.4104816143749,  445.60914313441884, 443.4677614524503,
                                           445.467745829981,   447.3545864959783,  447.3667449491084,
                                           446.91239299133525, 448.6811698230826,  450.0381829149792 };
// AutoReg(y, lags=6, trend='c').fit().params
const std::vector<double> kSelectedParams { 15.456999293340429,  0.523887534396978,    -0.1480374474446115,
                                            0.15837320266764238, -0.03982132948236966, -0.14016068910342144,
                                            -0.12945982274291182 };
// Fitted on y[:200]: ar_select_order(maxlag=12) picks 6
constexpr int kTrainingOrder = 6;
const std::vector<double> kTrainingParams { 17.804568353371103, 0.47935988277600117,  -0.1669960501387084,
                                            0.1469517484832022, -0.06278245702159084, -0.11894284561702506,
                                            -0.1690716123992117 };
// .forecast(6): the 6 values after y[199], iterated
const std::vector<double> kTrainingForecast { 20.305287266874902, 20.155376917322755, 20.09712526388694,
                                              19.88893031192552,  19.679460891936987, 19.702090900491505 };
// The same parameters from origin y[219] with the whole series as history: AutoReg(y, lags=6).predict(params,
// start=220, end=225, dynamic=True)
const std::vector<double> kLaterForecast { 19.720501717405735, 19.885902906347653, 19.884816059124926,
                                           19.85520409821785,  19.817637783442134, 19.965786051179542 };

// An AR(3) process with uniform innovations in [-1, 1) on a weak monthly cycle around 20: 240
// values, exactly as reference_series() in the Python script makes them.
std::vector<double> referenceSeries()
{
    const double season[12] = { -0.6, -0.5, -0.2, 0.1, 0.4, 0.6, 0.7, 0.6, 0.3, 0.0, -0.3, -0.5 };
    std::uint64_t state = 20240521;
    double x1 = 0.0, x2 = 0.0, x3 = 0.0;
    std::vector<double> values;
    for (int t = 0; t < 240; ++t) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double u = double(state >> 11) * 0x1.0p-53;
        const double e = 2.0 * u - 1.0;
        const double x = 0.55 * x1 - 0.25 * x2 + 0.15 * x3 + e;
        values.push_back(20.0 + season[t % 12] + x);
        x3 = x2;
        x2 = x1;
        x1 = x;
    }
    return values;
}

// statsmodels' params: the intercept, then phi_1..phi_p.
void compareParams(const AutoregressiveModel &model, const std::vector<double> &params)
{
    QCOMPARE(model.order(), int(params.size()) - 1);
    double worst = std::abs(model.intercept() - params[0]);
    for (int k = 0; k < model.order(); ++k)
        worst = std::max(worst, std::abs(model.coefficients()[std::size_t(k)] - params[std::size_t(k) + 1]));
    qInfo("AR(%d): largest difference to statsmodels %.3g", model.order(), worst);
    QVERIFY2(worst < kTolerance, qPrintable(QString::number(worst)));
}

void compareValues(const std::vector<double> &actual, const std::vector<double> &expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i)
        QVERIFY2(
            std::abs(actual[i] - expected[i]) < kTolerance,
            qPrintable(
                QStringLiteral("value %1: %2 vs %3").arg(i).arg(actual[i], 0, 'g', 17).arg(expected[i])));
}
} // namespace

class TestAutoregressiveModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void seriesIsTheScriptsSeries();
    void fixedOrderMatchesAutoReg();
    void orderByAicMatchesArSelectOrder();
    void multiStepForecastsMatchAutoReg();
    void collinearLagsFallBackToALowerOrder();
    void constantOrShortSeriesHaveNoModel();
    void gapsDropTheRowsTheyTouch();
    void defaultMaxOrder();
    void jsonHoldsTheFit();
};

void TestAutoregressiveModel::seriesIsTheScriptsSeries()
{
    const std::vector<double> y = referenceSeries();
    QCOMPARE(y.size(), std::size_t(240));
    // The values the script printed, to the last bit: the references were fitted on this series.
    QCOMPARE(y[0], 18.934409072295335);
    QCOMPARE(y[1], 18.750888594273697);
    QCOMPARE(y[239], 20.167684831411105);
}

void TestAutoregressiveModel::fixedOrderMatchesAutoReg()
{
    const AutoregressiveModel model = AutoregressiveModel::fit(referenceSeries(), 3);
    QVERIFY(model.note().isEmpty());
    compareParams(model, kFixedParams);
    QCOMPARE(model.rowCount(), qint64(240 - 3));
    QVERIFY(std::abs(model.sigma2() - kFixedSigma2) < 1e-9);
    QCOMPARE(model.maxOrder(), 0);
    QVERIFY(std::isnan(model.aic()));
}

void TestAutoregressiveModel::orderByAicMatchesArSelectOrder()
{
    const AutoregressiveModel model = AutoregressiveModel::select(referenceSeries(), 12);
    QCOMPARE(model.order(), kSelectedOrder);
    QCOMPARE(model.maxOrder(), 12);
    QVERIFY(model.note().isEmpty());
    // Every order scored on the same 228 values, as AutoReg(..., hold_back=12) scores them.
    compareValues(model.aicByOrder(), kSameSampleAic);
    QVERIFY(std::abs(model.aic() - kSameSampleAic[std::size_t(kSelectedOrder - 1)]) < kTolerance);
    // Then fitted on all its rows, not only the shared ones.
    compareParams(model, kSelectedParams);
    QCOMPARE(model.rowCount(), qint64(240 - kSelectedOrder));
}

void TestAutoregressiveModel::multiStepForecastsMatchAutoReg()
{
    const std::vector<double> y = referenceSeries();
    const std::vector<double> training(y.begin(), y.begin() + 200);
    const AutoregressiveModel model
        = AutoregressiveModel::select(training, AutoregressiveModel::defaultMaxOrder(200, 12));
    QCOMPARE(model.maxOrder(), 12);
    QCOMPARE(model.order(), kTrainingOrder);
    compareParams(model, kTrainingParams);
    // Iterated from the end of the training values...
    compareValues(model.forecast(training, 199, 6), kTrainingForecast);
    // ...and from a later origin, the validation period's own values as lags.
    compareValues(model.forecast(y, 219, 6), kLaterForecast);
    // A forecast uses nothing after its origin.
    std::vector<double> truncated(y.begin(), y.begin() + 220);
    compareValues(model.forecast(truncated, 219, 6), kLaterForecast);
    // Too little history before the origin, or a gap in it: no forecast.
    for (double v : model.forecast(y, std::size_t(kTrainingOrder - 2), 3))
        QVERIFY(std::isnan(v));
    std::vector<double> gap = y;
    gap[215] = kNaN;
    for (double v : model.forecast(gap, 219, 6))
        QVERIFY(std::isnan(v));
    QCOMPARE(model.forecast(y, 219, 0).size(), std::size_t(0));
}

void TestAutoregressiveModel::collinearLagsFallBackToALowerOrder()
{
    // A noise-free sinusoid satisfies y[t] - 5 = 2 cos(pi/6) (y[t-1] - 5) - (y[t-2] - 5) exactly:
    // every lag beyond the second is a combination of the first two and the intercept.
    std::vector<double> y;
    for (int t = 0; t < 120; ++t)
        y.push_back(5.0 + 3.0 * std::cos(2.0 * kPi * t / 12.0));
    const AutoregressiveModel fixed = AutoregressiveModel::fit(y, 4);
    QCOMPARE(fixed.order(), 2);
    QVERIFY2(fixed.note().contains(QStringLiteral("singular")), qPrintable(fixed.note()));
    QVERIFY2(fixed.note().contains(QStringLiteral("AR(2)")), qPrintable(fixed.note()));
    QVERIFY(std::abs(fixed.coefficients()[0] - std::sqrt(3.0)) < 1e-8);
    QVERIFY(std::abs(fixed.coefficients()[1] + 1.0) < 1e-8);
    QVERIFY(std::abs(fixed.intercept() - 5.0 * (2.0 - std::sqrt(3.0))) < 1e-8);
    // The sinusoid goes on: 24 steps after t = 119.
    const std::vector<double> ahead = fixed.forecast(y, 119, 24);
    for (int h = 1; h <= 24; ++h)
        QVERIFY(std::abs(ahead[std::size_t(h - 1)] - (5.0 + 3.0 * std::cos(2.0 * kPi * (119 + h) / 12.0)))
                < 1e-7);

    const AutoregressiveModel selected = AutoregressiveModel::select(y, 8);
    QCOMPARE(selected.order(), 2);
    QVERIFY2(selected.note().contains(QStringLiteral("orders above 2")), qPrintable(selected.note()));
    QVERIFY(std::isnan(selected.aicByOrder()[2]));
    QVERIFY(std::isfinite(selected.aicByOrder()[0]));
}

void TestAutoregressiveModel::constantOrShortSeriesHaveNoModel()
{
    const std::vector<double> constant(50, 7.0);
    for (const AutoregressiveModel &model :
         { AutoregressiveModel::fit(constant, 2), AutoregressiveModel::select(constant, 6) }) {
        QVERIFY(model.isEmpty());
        QVERIFY2(model.note().contains(QStringLiteral("constant")), qPrintable(model.note()));
        for (double v : model.forecast(constant, 49, 3))
            QVERIFY(std::isnan(v));
    }
    const AutoregressiveModel tooShort = AutoregressiveModel::fit({ 1.0, 2.0, 4.0, 3.0 }, 3);
    QVERIFY(tooShort.isEmpty());
    QVERIFY2(tooShort.note().contains(QStringLiteral("at least 5")), qPrintable(tooShort.note()));
    QVERIFY(AutoregressiveModel::select({ 1.0, 2.0 }, 0).isEmpty());
    QVERIFY(!AutoregressiveModel::select({ 1.0, 2.0 }, 0).note().isEmpty());
    QVERIFY(AutoregressiveModel::fit(referenceSeries(), 0).isEmpty());
}

void TestAutoregressiveModel::gapsDropTheRowsTheyTouch()
{
    std::vector<double> y = referenceSeries();
    // A gap among the first values: the rows left are exactly those of the series after it.
    y[2] = kNaN;
    const AutoregressiveModel withGap = AutoregressiveModel::fit(y, 3);
    const AutoregressiveModel after
        = AutoregressiveModel::fit(std::vector<double>(y.begin() + 3, y.end()), 3);
    QCOMPARE(withGap.rowCount(), after.rowCount());
    QCOMPARE(withGap.order(), 3);
    QVERIFY(std::abs(withGap.intercept() - after.intercept()) < 1e-12);
    for (int k = 0; k < 3; ++k)
        QVERIFY(std::abs(withGap.coefficients()[std::size_t(k)] - after.coefficients()[std::size_t(k)])
                < 1e-12);
    // A gap in the middle takes out its own row and the three that use it as a lag.
    std::vector<double> middle = referenceSeries();
    middle[100] = kNaN;
    QCOMPARE(AutoregressiveModel::fit(middle, 3).rowCount(), qint64(240 - 3 - 4));
}

void TestAutoregressiveModel::defaultMaxOrder()
{
    QCOMPARE(AutoregressiveModel::defaultMaxOrder(200, 12), 12); // monthly: a year of lags
    QCOMPARE(AutoregressiveModel::defaultMaxOrder(40, 12), 10); // at most a quarter of the values
    QCOMPARE(AutoregressiveModel::defaultMaxOrder(1000, 24), 24); // hourly: a day of lags
    QCOMPARE(AutoregressiveModel::defaultMaxOrder(1000, 52), 12); // weekly: not a year of lags
    QCOMPARE(AutoregressiveModel::defaultMaxOrder(1000, 365), 12);
    QCOMPARE(AutoregressiveModel::defaultMaxOrder(300, 0), 12); // yearly: no season
    QCOMPARE(AutoregressiveModel::defaultMaxOrder(3, 0), 0);
}

void TestAutoregressiveModel::jsonHoldsTheFit()
{
    const AutoregressiveModel model = AutoregressiveModel::select(referenceSeries(), 12);
    const QJsonObject json = model.toJson();
    QCOMPARE(json.value(QStringLiteral("order")).toInt(), kSelectedOrder);
    QCOMPARE(json.value(QStringLiteral("maxOrder")).toInt(), 12);
    const QJsonArray coefficients = json.value(QStringLiteral("coefficients")).toArray();
    QCOMPARE(coefficients.size(), kSelectedOrder);
    QCOMPARE(coefficients.at(0).toDouble(), model.coefficients()[0]);
    QCOMPARE(json.value(QStringLiteral("intercept")).toDouble(), model.intercept());
    QCOMPARE(json.value(QStringLiteral("rows")).toInt(), 240 - kSelectedOrder);
    QVERIFY(json.value(QStringLiteral("aic")).isDouble());
    const QJsonObject empty = AutoregressiveModel::fit(std::vector<double>(20, 1.0), 2).toJson();
    QCOMPARE(empty.value(QStringLiteral("order")).toInt(), 0);
    QVERIFY(empty.value(QStringLiteral("intercept")).isNull());
    QVERIFY(empty.value(QStringLiteral("note")).toString().contains(QStringLiteral("constant")));
}

QTEST_GUILESS_MAIN(TestAutoregressiveModel)
#include "testautoregressivemodel.moc"
