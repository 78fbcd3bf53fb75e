#include "training/serieswindowdataset.h"

#include <random>

namespace deepterra {

SeriesWindowDataset::SeriesWindowDataset(std::shared_ptr<const SeriesSource> source, std::vector<int> starts,
                                         double jitter)
    : m_source(std::move(source))
    , m_starts(std::move(starts))
    , m_jitter(jitter)
{ }

std::vector<std::int64_t> SeriesWindowDataset::inputShape() const
{
    return { m_source->windows.lookback(), m_source->inputCount };
}

std::vector<std::int64_t> SeriesWindowDataset::targetShape() const
{
    if (m_source->windows.reconstructs())
        return inputShape();
    return { m_source->windows.horizon(), m_source->targetCount };
}

void SeriesWindowDataset::sample(std::size_t index, Sample &out, std::mt19937_64 *augment) const
{
    const SeriesSource &source = *m_source;
    const int start = m_starts.at(index);
    const auto inputBegin
        = source.inputs.begin() + std::ptrdiff_t(std::size_t(start) * std::size_t(source.inputCount));
    out.input.assign(
        inputBegin,
        inputBegin + std::ptrdiff_t(std::size_t(source.windows.lookback()) * std::size_t(source.inputCount)));
    out.classes.clear();
    if (source.windows.reconstructs()) {
        out.target = out.input;
    } else {
        const auto targetBegin = source.targets.begin()
            + std::ptrdiff_t(std::size_t(source.windows.firstTargetRow(start))
                             * std::size_t(source.targetCount));
        out.target.assign(
            targetBegin,
            targetBegin
                + std::ptrdiff_t(std::size_t(source.windows.horizon()) * std::size_t(source.targetCount)));
    }
    if (source.relative && !source.windows.reconstructs()) {
        // Everything relative to the last input step (the forecast origin), in normalised units.
        const std::size_t lookback = std::size_t(source.windows.lookback());
        const std::size_t inputs = std::size_t(source.inputCount);
        for (std::size_t c = 0; c < inputs; ++c) {
            const float last = out.input[(lookback - 1) * inputs + c];
            for (std::size_t t = 0; t < lookback; ++t)
                out.input[t * inputs + c] -= last;
        }
        const std::size_t origin = std::size_t(source.windows.originRow(start));
        const std::size_t targets = std::size_t(source.targetCount);
        for (std::size_t k = 0; k < targets; ++k) {
            const float atOrigin = source.targets[origin * targets + k];
            for (std::size_t h = 0; h < std::size_t(source.windows.horizon()); ++h)
                out.target[h * targets + k] -= atOrigin;
        }
    }
    if (augment && m_jitter > 0.0) {
        std::normal_distribution<float> noise(0.0f, float(m_jitter));
        for (float &value : out.input)
            value += noise(*augment);
    }
}

ForecastWindow SeriesWindowDataset::forecastWindow(std::size_t index) const
{
    const SeriesSource &source = *m_source;
    const int start = m_starts.at(index);
    const int origin = source.windows.originRow(start);
    ForecastWindow window;
    window.origin = source.times.at(std::size_t(origin));
    for (int row = source.windows.firstTargetRow(start); row <= source.windows.lastTargetRow(start); ++row)
        window.targetTimes.push_back(source.times.at(std::size_t(row)));
    const int horizon = int(window.targetTimes.size());
    for (std::size_t t = 0; t < source.rawTargets.size(); ++t) {
        const std::vector<double> &column = source.rawTargets[t];
        window.lastObserved.push_back(column.at(std::size_t(origin)));
        std::vector<double> seasonal;
        for (int step = 1; step <= horizon; ++step)
            seasonal.push_back(source.seasonalNaive.forecast(column, std::size_t(origin), step));
        window.seasonalNaive.push_back(std::move(seasonal));
        // A source without fitted models (a test's) forecasts NaN, like an empty model.
        const AutoregressiveModel none;
        const AutoregressiveModel &model = t < source.autoregressive.size() ? source.autoregressive[t] : none;
        window.autoregressive.push_back(model.forecast(column, std::size_t(origin), horizon));
    }
    return window;
}

} // namespace deepterra
