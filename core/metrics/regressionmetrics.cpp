#include "metrics/regressionmetrics.h"

#include "metrics/jsonnumber.h"

#include <QJsonValue>

#include <cmath>
#include <stdexcept>

namespace deepterra {

RegressionMetrics RegressionMetrics::compute(const std::vector<double> &observed,
                                             const std::vector<double> &predicted)
{
    if (observed.size() != predicted.size())
        throw std::invalid_argument("observed and predicted values differ in length");

    RegressionMetrics metrics;
    double observedSum = 0.0;
    double predictedSum = 0.0;
    qint64 count = 0;
    for (std::size_t i = 0; i < observed.size(); ++i) {
        if (std::isnan(observed[i]) || std::isnan(predicted[i]))
            continue;
        observedSum += observed[i];
        predictedSum += predicted[i];
        ++count;
    }
    metrics.count = count;
    if (count == 0)
        return metrics;

    // Second pass about the means: sums of squares of raw values would cancel for series with a
    // large offset (temperatures in kelvin, CO2 in ppm).
    const double observedMean = observedSum / double(count);
    const double predictedMean = predictedSum / double(count);
    double squaredErrors = 0.0;
    double absoluteErrors = 0.0;
    double errorSum = 0.0;
    double observedSquares = 0.0;
    double predictedSquares = 0.0;
    double crossProducts = 0.0;
    for (std::size_t i = 0; i < observed.size(); ++i) {
        if (std::isnan(observed[i]) || std::isnan(predicted[i]))
            continue;
        const double error = predicted[i] - observed[i];
        squaredErrors += error * error;
        absoluteErrors += std::abs(error);
        errorSum += error;
        const double observedDeviation = observed[i] - observedMean;
        const double predictedDeviation = predicted[i] - predictedMean;
        observedSquares += observedDeviation * observedDeviation;
        predictedSquares += predictedDeviation * predictedDeviation;
        crossProducts += observedDeviation * predictedDeviation;
    }

    metrics.mse = squaredErrors / double(count);
    metrics.rmse = std::sqrt(metrics.mse);
    metrics.mae = absoluteErrors / double(count);
    metrics.bias = errorSum / double(count);
    if (observedSquares > 0.0) {
        metrics.nse = 1.0 - squaredErrors / observedSquares;
        if (predictedSquares > 0.0)
            metrics.r2 = (crossProducts * crossProducts) / (observedSquares * predictedSquares);
    }
    return metrics;
}

QJsonObject RegressionMetrics::toJson() const
{
    QJsonObject object;
    object.insert(QStringLiteral("rmse"), jsonNumber(rmse));
    object.insert(QStringLiteral("mae"), jsonNumber(mae));
    object.insert(QStringLiteral("r2"), jsonNumber(r2));
    object.insert(QStringLiteral("nse"), jsonNumber(nse));
    object.insert(QStringLiteral("bias"), jsonNumber(bias));
    object.insert(QStringLiteral("mse"), jsonNumber(mse));
    object.insert(QStringLiteral("count"), QJsonValue(count));
    return object;
}

} // namespace deepterra
