#include "metrics/climatologybaseline.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace deepterra {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct MeanAccumulator
{
    double sum = 0.0;
    qint64 count = 0;
};
} // namespace

ClimatologyBaseline ClimatologyBaseline::fit(const std::vector<QDateTime> &times,
                                             const std::vector<double> &values, Season season)
{
    if (times.size() != values.size())
        throw std::invalid_argument("climatology times and values differ in length");

    ClimatologyBaseline baseline;
    baseline.m_season = season;
    std::map<int, MeanAccumulator> perKey;
    double sum = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::optional<int> key = seasonKey(times[i], season);
        if (!key || std::isnan(values[i]))
            continue;
        MeanAccumulator &accumulator = perKey[*key];
        accumulator.sum += values[i];
        ++accumulator.count;
        sum += values[i];
        ++baseline.m_count;
    }
    if (baseline.m_count > 0)
        baseline.m_overallMean = sum / double(baseline.m_count);
    for (const auto &[key, accumulator] : perKey)
        baseline.m_means.emplace(key, accumulator.sum / double(accumulator.count));
    return baseline;
}

double ClimatologyBaseline::predict(const QDateTime &time) const
{
    const std::optional<int> key = seasonKey(time, m_season);
    if (!key || m_count == 0)
        return kNaN;
    const auto found = m_means.find(*key);
    return found != m_means.end() ? found->second : m_overallMean;
}

double ClimatologyBaseline::overallMean() const
{
    return m_count > 0 ? m_overallMean : kNaN;
}

} // namespace deepterra
