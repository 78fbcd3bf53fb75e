#include "metrics/forecastevaluation.h"

#include "metrics/jsonnumber.h"

#include <QJsonArray>

#include <cmath>
#include <map>
#include <tuple>

namespace deepterra {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double skill(const RegressionMetrics &model, const RegressionMetrics &baseline)
{
    // A perfect baseline (MSE 0) leaves nothing to beat: the ratio is undefined.
    if (model.count == 0 || !(baseline.mse > 0.0))
        return kNaN;
    return 1.0 - model.mse / baseline.mse;
}

struct Pairs
{
    std::vector<double> observed;
    std::vector<double> predicted;
};

// A baseline that may not forecast every counted sample, with the model on the samples it does.
struct BaselinePairs
{
    std::vector<double> observed;
    std::vector<double> model;
    std::vector<double> baseline;

    void add(const ForecastSample &sample, double forecast)
    {
        if (std::isnan(forecast))
            return;
        observed.push_back(sample.observed);
        model.push_back(sample.predicted);
        baseline.push_back(forecast);
    }

    // The baseline's metrics and the model's skill against it on the same samples.
    std::pair<RegressionMetrics, double> score() const
    {
        const RegressionMetrics scores = RegressionMetrics::compute(observed, baseline);
        return { scores, skill(RegressionMetrics::compute(observed, model), scores) };
    }
};
} // namespace

ForecastEvaluation ForecastEvaluation::compute(const std::vector<ForecastSample> &samples,
                                               const ClimatologyBaseline &climatology,
                                               const SeasonalNaive &seasonal,
                                               const AutoregressiveModel &autoregressive)
{
    ForecastEvaluation evaluation;
    evaluation.climatologySeason = climatology.season();
    evaluation.seasonLength = seasonal.seasonLength();
    evaluation.autoregressiveModel = autoregressive;
    const bool withClimatology = !climatology.isEmpty();

    std::vector<double> observed;
    std::vector<double> predicted;
    std::vector<double> persisted;
    std::vector<double> climatological;
    std::map<int, Pairs> perHorizon;
    BaselinePairs seasonalPairs, autoregressivePairs;
    for (const ForecastSample &sample : samples) {
        const double usual = withClimatology ? climatology.predict(sample.targetTime) : 0.0;
        if (std::isnan(sample.observed) || std::isnan(sample.predicted) || std::isnan(sample.lastObserved)
            || std::isnan(usual)) {
            ++evaluation.skipped;
            continue;
        }
        observed.push_back(sample.observed);
        predicted.push_back(sample.predicted);
        persisted.push_back(sample.lastObserved);
        climatological.push_back(usual);
        if (!seasonal.isEmpty())
            seasonalPairs.add(sample, sample.seasonalNaive);
        if (!autoregressive.isEmpty())
            autoregressivePairs.add(sample, sample.autoregressive);
        Pairs &pairs = perHorizon[sample.horizonStep];
        pairs.observed.push_back(sample.observed);
        pairs.predicted.push_back(sample.predicted);
    }

    evaluation.model = RegressionMetrics::compute(observed, predicted);
    evaluation.persistence = RegressionMetrics::compute(observed, persisted);
    evaluation.skillVsPersistence = skill(evaluation.model, evaluation.persistence);
    if (withClimatology) {
        evaluation.climatology = RegressionMetrics::compute(observed, climatological);
        evaluation.skillVsClimatology = skill(evaluation.model, evaluation.climatology);
    }
    if (!seasonal.isEmpty())
        std::tie(evaluation.seasonalNaive, evaluation.skillVsSeasonalNaive) = seasonalPairs.score();
    if (!autoregressive.isEmpty())
        std::tie(evaluation.autoregressive, evaluation.skillVsAutoregressive) = autoregressivePairs.score();
    for (const auto &[step, pairs] : perHorizon)
        evaluation.perHorizon.emplace_back(step, RegressionMetrics::compute(pairs.observed, pairs.predicted));
    return evaluation;
}

QJsonObject ForecastEvaluation::toJson() const
{
    QJsonArray horizons;
    for (const auto &[step, metrics] : perHorizon) {
        QJsonObject entry = metrics.toJson();
        entry.insert(QStringLiteral("step"), step);
        horizons.append(entry);
    }
    QJsonObject object;
    object.insert(QStringLiteral("model"), model.toJson());
    object.insert(QStringLiteral("persistence"), persistence.toJson());
    object.insert(QStringLiteral("climatology"), climatology.toJson());
    const bool withSeasonal = seasonLength > 0;
    const bool withAutoregressive = !autoregressiveModel.isEmpty();
    // A model that could not be fitted still says why (a constant or too short training period).
    const bool withModelNote = withAutoregressive || !autoregressiveModel.note().isEmpty();
    object.insert(QStringLiteral("seasonalNaive"),
                  withSeasonal ? QJsonValue(seasonalNaive.toJson()) : QJsonValue());
    object.insert(QStringLiteral("autoregressive"),
                  withAutoregressive ? QJsonValue(autoregressive.toJson()) : QJsonValue());
    object.insert(QStringLiteral("skillVsPersistence"), jsonNumber(skillVsPersistence));
    object.insert(QStringLiteral("skillVsClimatology"), jsonNumber(skillVsClimatology));
    object.insert(QStringLiteral("skillVsSeasonalNaive"), jsonNumber(skillVsSeasonalNaive));
    object.insert(QStringLiteral("skillVsAutoregressive"), jsonNumber(skillVsAutoregressive));
    object.insert(QStringLiteral("climatologySeason"), seasonName(climatologySeason));
    object.insert(QStringLiteral("seasonLength"), withSeasonal ? QJsonValue(seasonLength) : QJsonValue());
    object.insert(QStringLiteral("autoregressiveModel"),
                  withModelNote ? QJsonValue(autoregressiveModel.toJson()) : QJsonValue());
    object.insert(QStringLiteral("skipped"), QJsonValue(skipped));
    object.insert(QStringLiteral("perHorizon"), horizons);
    return object;
}

} // namespace deepterra
