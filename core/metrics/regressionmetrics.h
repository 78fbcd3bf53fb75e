#pragma once

#include <QJsonObject>
#include <QtGlobal>

#include <limits>
#include <vector>

namespace deepterra {

// Scores of predicted against observed values. Pairs where either value is NaN (a gap, a masked
// pixel) are skipped; what is left is `count`. A score that is undefined for the remaining pairs
// (none left, constant observations) is NaN.
struct RegressionMetrics
{
    double rmse = std::numeric_limits<double>::quiet_NaN();
    double mae = std::numeric_limits<double>::quiet_NaN();
    // Squared Pearson correlation: how well the predictions follow the observations up to a
    // linear rescaling. NaN when either side is constant.
    double r2 = std::numeric_limits<double>::quiet_NaN();
    // Nash-Sutcliffe efficiency, 1 - SSE / SST about the observed mean: 1 is perfect, 0 is no
    // better than always predicting the observed mean, negative is worse. Unlike r2 it punishes
    // bias and wrong amplitude.
    double nse = std::numeric_limits<double>::quiet_NaN();
    double bias = std::numeric_limits<double>::quiet_NaN(); // mean(predicted - observed)
    double mse = std::numeric_limits<double>::quiet_NaN(); // rmse^2, kept exact for skill scores
    qint64 count = 0;

    // Throws std::invalid_argument when the two vectors differ in length.
    static RegressionMetrics compute(const std::vector<double> &observed,
                                     const std::vector<double> &predicted);

    // {"rmse", "mae", "r2", "nse", "bias", "mse", "count"}; NaN is written as null.
    QJsonObject toJson() const;
};

} // namespace deepterra
