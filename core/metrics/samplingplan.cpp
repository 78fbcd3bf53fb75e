#include "metrics/samplingplan.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace deepterra {

namespace {

// `total` shared in proportion to `weights` (positive where `take`), by largest remainders, so
// that the shares add up to `total` exactly.
std::vector<qint64> largestRemainders(qint64 total, const std::vector<double> &weights,
                                      const std::vector<bool> &take)
{
    double sum = 0.0;
    for (std::size_t i = 0; i < weights.size(); ++i)
        if (take[i])
            sum += weights[i];
    std::vector<qint64> shares(weights.size(), 0);
    std::vector<std::pair<double, std::size_t>> remainders;
    qint64 given = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (!take[i])
            continue;
        const double exact = double(total) * weights[i] / sum;
        shares[i] = qint64(std::floor(exact));
        given += shares[i];
        remainders.emplace_back(exact - std::floor(exact), i);
    }
    // Ties go to the earlier class, so the plan is the same on every machine.
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    for (std::size_t k = 0; given < total && k < remainders.size(); ++k, ++given)
        ++shares[remainders[k].second];
    return shares;
}

} // namespace

qint64 SamplingPlan::sampleSize(const std::vector<double> &weights,
                                const std::vector<double> &expectedUsersAccuracy, double targetStandardError)
{
    if (weights.size() != expectedUsersAccuracy.size())
        throw std::invalid_argument(std::to_string(expectedUsersAccuracy.size()) + " expected accuracies for "
                                    + std::to_string(weights.size()) + " classes");
    if (!(targetStandardError > 0.0) || !std::isfinite(targetStandardError))
        throw std::invalid_argument("the target standard error must be a positive number");
    double spread = 0.0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const double u = expectedUsersAccuracy[i];
        if (!(u >= 0.0 && u <= 1.0))
            throw std::invalid_argument("an expected user's accuracy must lie in 0..1");
        if (!(weights[i] >= 0.0) || !std::isfinite(weights[i]))
            throw std::invalid_argument("a class weight is negative or not finite");
        spread += weights[i] * std::sqrt(u * (1.0 - u));
    }
    const double n = std::pow(spread / targetStandardError, 2.0);
    // 1e-9: 640.0000000001 from rounding is a sample of 640.
    return std::max<qint64>(1, qint64(std::ceil(n - 1e-9)));
}

std::vector<qint64> SamplingPlan::allocate(qint64 total, const std::vector<double> &weights,
                                           qint64 minimumPerClass, const std::vector<qint64> &available)
{
    if (weights.size() != available.size())
        throw std::invalid_argument("weights and pixel counts differ in length");
    const std::size_t classes = weights.size();
    std::vector<qint64> result(classes, 0);
    std::vector<bool> settled(classes, false);
    for (std::size_t i = 0; i < classes; ++i)
        settled[i] = !(weights[i] > 0.0) || available[i] <= 0;
    for (;;) {
        std::vector<bool> open(classes);
        qint64 remaining = total;
        for (std::size_t i = 0; i < classes; ++i) {
            open[i] = !settled[i];
            if (settled[i])
                remaining -= result[i];
        }
        if (std::none_of(open.begin(), open.end(), [](bool b) { return b; }))
            return result;
        const std::vector<qint64> shares = largestRemainders(std::max<qint64>(remaining, 0), weights, open);
        // Floors first, then caps: each settles classes for good, and the open ones share anew.
        bool changed = false;
        for (std::size_t i = 0; i < classes; ++i)
            if (open[i] && shares[i] < minimumPerClass) {
                result[i] = std::min(minimumPerClass, available[i]);
                settled[i] = changed = true;
            }
        if (changed)
            continue;
        for (std::size_t i = 0; i < classes; ++i)
            if (open[i] && shares[i] > available[i]) {
                result[i] = available[i];
                settled[i] = changed = true;
            }
        if (changed)
            continue;
        for (std::size_t i = 0; i < classes; ++i)
            if (open[i])
                result[i] = shares[i];
        return result;
    }
}

} // namespace deepterra
