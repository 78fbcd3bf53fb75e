#include "metrics/forecastevaluation.h"

#include "metrics/jsonnumber.h"

#include <QJsonArray>

#include <cmath>
#include <map>

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
} // namespace

ForecastEvaluation ForecastEvaluation::compute(const std::vector<ForecastSample> &samples,
                                               const ClimatologyBaseline &climatology)
{
    ForecastEvaluation evaluation;
    evaluation.climatologySeason = climatology.season();
    const bool withClimatology = !climatology.isEmpty();

    std::vector<double> observed;
    std::vector<double> predicted;
    std::vector<double> persisted;
    std::vector<double> climatological;
    std::map<int, Pairs> perHorizon;
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
    object.insert(QStringLiteral("skillVsPersistence"), jsonNumber(skillVsPersistence));
    object.insert(QStringLiteral("skillVsClimatology"), jsonNumber(skillVsClimatology));
    object.insert(QStringLiteral("climatologySeason"), seasonName(climatologySeason));
    object.insert(QStringLiteral("skipped"), QJsonValue(skipped));
    object.insert(QStringLiteral("perHorizon"), horizons);
    return object;
}

} // namespace deepterra
