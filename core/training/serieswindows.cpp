#include "training/serieswindows.h"

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

// For each row, the number of non-finite values in `columns` at rows before it: a window is
// complete when the count does not grow across its rows.
std::vector<int> missingBefore(const std::vector<const std::vector<double> *> &columns, int rows)
{
    std::vector<int> prefix(std::size_t(rows) + 1, 0);
    for (int row = 0; row < rows; ++row) {
        bool missing = false;
        for (const std::vector<double> *column : columns)
            missing = missing || !std::isfinite((*column)[std::size_t(row)]);
        prefix[std::size_t(row) + 1] = prefix[std::size_t(row)] + (missing ? 1 : 0);
    }
    return prefix;
}

} // namespace

SeriesWindows::SeriesWindows(int lookback, int horizon, bool reconstruct)
    : m_lookback(lookback)
    , m_horizon(reconstruct ? 0 : horizon)
    , m_reconstruct(reconstruct)
{ }

std::vector<int> SeriesWindows::complete(const std::vector<const std::vector<double> *> &inputs,
                                         const std::vector<const std::vector<double> *> &targets,
                                         int rows) const
{
    const std::vector<int> inputMissing = missingBefore(inputs, rows);
    const std::vector<int> targetMissing = missingBefore(targets, rows);
    const auto clean = [](const std::vector<int> &prefix, int first, int last) {
        return prefix[std::size_t(last) + 1] == prefix[std::size_t(first)];
    };
    std::vector<int> starts;
    for (int start = 0; start + span() <= rows; ++start)
        if (clean(inputMissing, start, originRow(start))
            && clean(targetMissing, firstCheckedTargetRow(start), lastTargetRow(start)))
            starts.push_back(start);
    return starts;
}

SeriesWindows::Split SeriesWindows::splitChronologically(const std::vector<int> &starts,
                                                         double validationFraction) const
{
    Split split;
    if (starts.empty())
        return split;
    const std::size_t count = starts.size();
    const std::size_t validation = std::min(
        count, std::max<std::size_t>(1, std::size_t(std::llround(double(count) * validationFraction))));
    split.validation.assign(starts.end() - std::ptrdiff_t(validation), starts.end());
    const int validationBegins = firstTargetRow(split.validation.front());
    for (auto it = starts.begin(); it != starts.end() - std::ptrdiff_t(validation); ++it) {
        if (lastTargetRow(*it) < validationBegins)
            split.train.push_back(*it);
        else
            ++split.droppedAtBoundary;
    }
    return split;
}

SeriesWindows::Split SeriesWindows::rollingOrigin(const std::vector<int> &starts, int folds, int fold) const
{
    Split split;
    if (folds < 1 || fold < 0 || fold >= folds)
        return split;
    const std::size_t period = starts.size() / std::size_t(folds + 1);
    if (period == 0)
        return split;
    const std::size_t first = starts.size() - std::size_t(folds - fold) * period;
    split.validation.assign(starts.begin() + std::ptrdiff_t(first),
                            starts.begin() + std::ptrdiff_t(first + period));
    const int validationBegins = firstTargetRow(split.validation.front());
    for (std::size_t i = 0; i < first; ++i) {
        if (lastTargetRow(starts[i]) < validationBegins)
            split.train.push_back(starts[i]);
        else
            ++split.droppedAtBoundary;
    }
    return split;
}

} // namespace deepterra
